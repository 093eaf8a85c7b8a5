/* test_init.c: initial weights (paper §4.3, (4.3.2)-(4.3.5)): log-normal with mean and sd sigma_t, rows of
 * W^EI summing to 1, W^IE rows equal to the mean row of W^EE, zero biases, an exactly zero-mean pre-activation
 * across units, and identical weights for every model of one configuration. */
#include "inorm/configs.h"
#include "inorm/net.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

static struct net make(const char *id, long width, uint64_t seed)
{
	struct net n;
	char err[INB_ERRLEN];
	struct net_opts o = { .width = width, .lr = 0.01, .lr_wix = 0.1, .lr_wei = 0.001, .label_smoothing = 0.1,
			      .seed = seed, .config = 13 };
	cr_assert_eq(net_alloc(&n, model_find(id), &o, err), INB_OK, "%s", err);
	return n;
}

Test(init, lognormal_moments_and_balance)
{
	struct net n = make("ei", 234, 0);
	const struct ei_layer *l = &n.layer[0];
	double sig = init_sigma(784, 234), m = 0, v = 0, N = (double)(l->ne * l->d);
	cr_assert(fabs(sig - sqrt(2.0 * 234 / (784.0 * 233))) < 1e-15);
	for (size_t i = 0; i < l->ne * l->d; i++)
		m += l->wex[i];
	m /= N;
	for (size_t i = 0; i < l->ne * l->d; i++)
		v += (l->wex[i] - m) * (l->wex[i] - m);
	v /= N - 1;
	/* 183 456 draws: the sample mean's sd is sigma/sqrt(N) = 0.23 % of sigma; the log-normal variance estimate is
	 * heavy-tailed (kurtosis of LN(.,ln 2) is about 111), so its sd is near sigma^2 sqrt(110/N) = 2.5 %: allow 5 sd */
	cr_assert(fabs(m / sig - 1) < 0.012, "mean %g vs sigma_t %g", m, sig);
	cr_assert(fabs(sqrt(v) / sig - 1) < 0.07, "sd %g vs sigma_t %g", sqrt(v), sig);
	for (size_t i = 0; i < l->ne * l->d; i++)
		cr_assert(l->wex[i] > 0);
	cr_assert_eq(n.ni_hidden, 23);
	for (int L = 0; L < NET_LAYERS; L++) {
		const struct ei_layer *ly = &n.layer[L];
		for (size_t k = 0; k < ly->ne; k++) {
			double s = 0;
			for (size_t j = 0; j < ly->ni; j++)
				s += ly->wei[k * ly->ni + j];
			cr_assert(fabs(s - 1) < 1e-14, "row %zu of W^EI sums to %g", k, s);
			cr_assert_eq(ly->b[k], 0);
		}
		for (size_t i = 0; i < ly->d; i++) {
			double mr = 0;
			for (size_t k = 0; k < ly->ne; k++)
				mr += ly->wex[k * ly->d + i];
			mr /= (double)ly->ne;
			for (size_t j = 0; j < ly->ni; j++)
				cr_assert(fabs(ly->wix[j * ly->d + i] - mr) < 1e-15);
		}
	}
	net_free(&n);
}

/* W_ei W_ix = 1 (mean row), so S = (W_ex - mean row) x: every row of S sums to 0 across units, for any input. */
Test(init, ei_preactivation_is_exactly_zero_mean)
{
	struct net n = make("ei", 120, 3);
	struct net_ws ws;
	char err[INB_ERRLEN];
	cr_assert_eq(net_ws_alloc(&ws, &n, 4, err), INB_OK);
	real x[4 * 784];
	for (int i = 0; i < 4 * 784; i++)
		x[i] = (real)(0.5 + 0.5 * sin(0.37 * i * i + i));
	net_forward(&n, &ws, 4, x);
	for (int r = 0; r < 4; r++)
		for (int L = 0; L < NET_LAYERS; L++) {
			const size_t ne = n.layer[L].ne;
			double s = 0, a = 0;
			for (size_t k = 0; k < ne; k++)
				s += ws.s[L][r * ne + k], a += fabs(ws.s[L][r * ne + k]);
			/* relative to the row's size: exact up to double rounding over ~1000-term sums */
			cr_assert(fabs(s) < 1e-12 * a, "layer %d row %d: sum %g (scale %g)", L, r, s, a);
		}
	net_ws_free(&ws);
	net_free(&n);
}

Test(init, every_model_of_a_configuration_starts_alike)
{
	struct net a = make("ei", 150, 0), b = make("ei-ln", 150, 0), c = make("e-ln", 150, 0), d = make("ei", 150, 1);
	cr_assert_eq(a.nparams, b.nparams);
	cr_assert(!memcmp(a.params, b.params, a.nparams * sizeof *a.params), "ei and ei-ln differ");
	/* the E-only network draws W^EE from the same streams, first */
	for (int L = 0; L < 2; L++)
		cr_assert(!memcmp(a.layer[L].wex, c.layer[L].wex, a.layer[L].ne * a.layer[L].d * sizeof(real)));
	cr_assert(memcmp(a.layer[0].wex, d.layer[0].wex, 64 * sizeof(real)), "another seed gives the same weights");
	net_free(&a), net_free(&b), net_free(&c), net_free(&d);
}

Test(init, configurations_are_the_published_ones)
{
	cr_assert_eq(configs[13].width, 234);
	cr_assert_eq(configs[13].lr, 0.00980991793709362);
	cr_assert_eq(configs[13].lr_wei, 0.002948846186821904);
	cr_assert_eq(configs[13].lr_wix, 0.6464653294699928);
	cr_assert_eq(configs[0].width, 178);
	cr_assert_eq(configs[29].lr_wix, 0.0892953871038381);
	for (int i = 0; i < CONFIG_COUNT; i++) {
		cr_assert(configs[i].lr >= 1e-3 && configs[i].lr <= 1e-2, "config %d lr", i);
		cr_assert(configs[i].lr_wei >= 1e-5 && configs[i].lr_wei <= 1e-2, "config %d lr_wei", i);
		cr_assert(configs[i].lr_wix >= 1e-2 && configs[i].lr_wix <= 1, "config %d lr_wix", i);
		cr_assert(configs[i].width >= 100 && configs[i].width < 500, "config %d width", i);
	}
}
