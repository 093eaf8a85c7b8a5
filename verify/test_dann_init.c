/* test_dann_init.c: the initialisation claims of the DANN paper (§3 Eq. 2-3, Algorithm 1, Appendix B.1 Eq. 17-19,
 * B.2, C.1; paper/dann-3-init.md), measured on layers built by dn_net_alloc and run by dn_layer_forward:
 *   - on iid rectified-normal inputs max(0, N(0, sigma^2)): subtractive inhibition balances excitation
 *     (E[z^E] = E[W^EI z^I], so zhat is centred), sd(z^E) / E[z^E] = c = sqrt(2 pi - 1)/sqrt(d) (Eq. 2-3), the
 *     divisive term E[gamma] equals sd(z^E) (e^alpha = c), and Var(z) equals the value derived in
 *     paper/dann-3-init.md, pi (1 + kappa) / (2 pi - 1), not 1;
 *   - the same on Fashion-MNIST images in the first layer, against the per-image prediction;
 *   - ColumnEi: centred z with Var(z) = sigma^2 (Eq. 17-19 with the square root), and a centred first layer.
 * Expectations over data and parameters are estimated by pooling units, rows and several independently drawn layers. */
#include "dann/dann_net.h"
#include "data/fmnist.h"
#include "core/rng.h"
#include "measure.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

#define PI 3.14159265358979323846
#define ROWS 1000
#define NETS 4
#define SIGMA 1.7 /* scale of the rectified-normal inputs; every claim is scale-free, so any value does */

/* Pooled first and second moments. */
struct mom {
	double n, s, ss;
};
static void mom_add(struct mom *m, double v)
{
	m->n += 1, m->s += v, m->ss += v * v;
}
static double mom_mean(const struct mom *m)
{
	return m->s / m->n;
}
static double mom_var(const struct mom *m)
{
	double mu = mom_mean(m);
	return m->ss / m->n - mu * mu;
}

struct dann_stats {
	struct mom ze, zhat, z, gam;
};

/* Runs layer L of NETS networks of model id (n_in = width = d, so L[1] is an inner layer of fan-in d) on ROWS
 * rectified-normal rows and pools z^E, zhat, z and gamma. */
static void dann_inner_stats(const char *id, size_t d, size_t ni, struct dann_stats *st, size_t *ni_out)
{
	char err[INB_ERRLEN];
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 0x696e, d, ni, 0);
	real *x = malloc(ROWS * d * sizeof *x);
	memset(st, 0, sizeof *st);
	for (int k = 0; k < NETS; k++) {
		struct dn_net n;
		struct dn_ws ws;
		cr_assert_eq(dn_net_alloc(&n, dn_model_find(id), d, d, DN_OUTPUTS, ni, 100 + (uint64_t)k, 0, err), INB_OK);
		cr_assert_eq(dn_ws_alloc(&ws, &n, ROWS, err), INB_OK);
		for (size_t i = 0; i < ROWS * d; i++)
			x[i] = (real)fmax(0, gsl_ran_gaussian(r, SIGMA));
		const struct dn_layer *L = &n.L[1];
		struct dn_acts *a = &ws.a[1];
		dn_layer_forward(L, ROWS, x, a);
		*ni_out = L->ni;
		for (size_t b = 0; b < ROWS; b++)
			for (size_t u = 0; u < L->n; u++) {
				size_t i = b * L->n + u;
				double inh = 0;
				for (size_t j = 0; j < L->ni; j++)
					inh += (double)L->wei[u * L->ni + j] * (double)a->zi[b * L->ni + j];
				mom_add(&st->ze, (double)a->u[i] + inh);
				mom_add(&st->zhat, (double)a->u[i]);
				mom_add(&st->z, (double)a->z[i]);
				mom_add(&st->gam, (double)a->gam[i]);
			}
		dn_ws_free(&ws);
		dn_net_free(&n);
	}
	free(x);
	gsl_rng_free(r);
}

/* Tolerances of the pooled estimates (NETS x ROWS x 500 values): the mean of zhat fluctuates by ~0.4% of E[z^E]
 * (the column means of W^EE and W^IE differ by ~0.15 s per input, summed over 500 inputs, over 4 layers); the
 * ratios of moments by ~1% (4 layers of 500 units); the tolerances are 5 times these. A broken sign or factor moves
 * them by 50% or more. */
#define TOL_BALANCE 0.02
#define TOL_RATIO 0.05

static void check_inner(const char *id, size_t ni)
{
	const size_t d = 500;
	struct dann_stats st;
	size_t nil;
	dann_inner_stats(id, d, ni, &st, &nil);
	const double c = sqrt(2 * PI - 1) / sqrt((double)d);
	const double ez = mom_mean(&st.ze), sdz = sqrt(mom_var(&st.ze));
	const double balance = mom_mean(&st.zhat) / ez;
	const double cm = sdz / ez, gratio = mom_mean(&st.gam) / sdz;
	const double vz = mom_var(&st.z), vpred = dn_dann_var_z(d, nil);
	measure("dann init %s (d %zu, n_i %zu, rectified normal): E[zhat]/E[z^E] %.4f; sd(z^E)/E[z^E] %.4f (Eq. 3: c = "
		"%.4f); E[gamma]/sd(z^E) %.4f (1); E[z] %.4f; Var(z) %.4f (derived %.4f, not 1)", id, d, nil, balance,
		cm, c, gratio, mom_mean(&st.z), vz, vpred);
	cr_expect(fabs(balance) < TOL_BALANCE, "%s: E[zhat] = %.4f E[z^E]: excitation and subtractive inhibition are not "
		  "balanced", id, balance);
	cr_expect(fabs(cm / c - 1) < TOL_RATIO, "%s: sd(z^E)/E[z^E] = %.4f, Eq. 3 gives %.4f", id, cm, c);
	cr_expect(fabs(gratio - 1) < TOL_RATIO, "%s: E[gamma] = %.4f sd(z^E): the divisive term does not track the spread "
		  "of z^E", id, gratio);
	cr_expect(fabs(mom_mean(&st.z)) < 0.05 * sqrt(vz), "%s: E[z] = %.4f, sd %.4f: z is not centred", id,
		  mom_mean(&st.z), sqrt(vz));
	cr_expect(fabs(vz / vpred - 1) < TOL_RATIO, "%s: Var(z) = %.4f, derived %.4f", id, vz, vpred);
}

Test(dann_init, dann_rectified_normal)
{
	check_inner("dann", 0);
}

Test(dann_init, dann_1i_rectified_normal)
{
	check_inner("dann-1i", 0);
}

/* The closed forms of Algorithm 1 and Appendix B.1 at the sizes used, computed by hand from the formulas. */
Test(dann_init, closed_forms)
{
	cr_expect(fabs(exp(dn_dann_alpha(784)) - 0.0820898) < 1e-6, "e^alpha(784) = %.7f", exp(dn_dann_alpha(784)));
	cr_expect(fabs(exp(dn_dann_alpha(500)) - 0.1027929) < 1e-6, "e^alpha(500) = %.7f", exp(dn_dann_alpha(500)));
	cr_expect(fabs(dn_dann_wmean(784, 1) - 0.0252538) < 1e-6, "first-layer mean %.7f", dn_dann_wmean(784, 1));
	cr_expect(fabs(dn_dann_wmean(500, 0) - 0.0487703) < 1e-6, "inner mean %.7f", dn_dann_wmean(500, 0));
	cr_expect(fabs(dn_colei_wmean(500, 50) - 0.0147049) < 1e-6, "ColumnEi mean %.7f", dn_colei_wmean(500, 50));
	cr_expect(fabs(dn_dann_var_z(500, 50) - PI * 1.02 / (2 * PI - 1)) < 1e-12);
	cr_expect(fabs(dn_dann_var_z(500, 1) - PI * (1 - 1.0 / 500) / (2 * PI - 1)) < 1e-12);
}

/* First layer on Fashion-MNIST: the images are neither iid nor rectified normal, but given an image x, z^E_k and
 * W^EI z^I have the same expectation over the weights (balance), and Var(z | x) = (1 + 1/n_i) d |x|_2^2 /
 * ((2 pi - 1) |x|_1^2) (paper/dann-3-init.md, Eq. D3.5): checked pooled over 2000 training images and 4 layers. */
Test(dann_init, dann_first_layer_fashion_mnist)
{
	char err[INB_ERRLEN];
	struct fmnist ds;
	cr_assert_eq(fmnist_load(fmnist_resolve_dir(NULL), FMNIST_TRAIN, &ds, err), INB_OK, "%s", err);
	const size_t B = 2000, d = FMNIST_PIXELS;
	real *x = malloc(B * d * sizeof *x);
	double pred = 0;
	for (size_t b = 0; b < B; b++) {
		double l1 = 0, l2 = 0;
		for (size_t i = 0; i < d; i++) {
			double v = ds.pixels[b * d + i] / 255.0;
			x[b * d + i] = (real)v;
			l1 += v, l2 += v * v;
		}
		pred += (1 + 1.0 / 50) * (double)d * l2 / ((2 * PI - 1) * l1 * l1) / (double)B;
	}
	struct dann_stats st;
	memset(&st, 0, sizeof st);
	for (int k = 0; k < NETS; k++) {
		struct dn_net n;
		struct dn_ws ws;
		cr_assert_eq(dn_net_alloc(&n, dn_model_find("dann"), d, DN_WIDTH, DN_OUTPUTS, 0, 200 + (uint64_t)k, 0, err),
			     INB_OK);
		cr_assert_eq(dn_ws_alloc(&ws, &n, B, err), INB_OK);
		const struct dn_layer *L = &n.L[0];
		dn_layer_forward(L, B, x, &ws.a[0]);
		for (size_t i = 0; i < B * L->n; i++) {
			size_t b = i / L->n, u = i % L->n;
			double inh = 0;
			for (size_t j = 0; j < L->ni; j++)
				inh += (double)L->wei[u * L->ni + j] * (double)ws.a[0].zi[b * L->ni + j];
			mom_add(&st.ze, (double)ws.a[0].u[i] + inh);
			mom_add(&st.zhat, (double)ws.a[0].u[i]);
			mom_add(&st.z, (double)ws.a[0].z[i]);
			mom_add(&st.gam, (double)ws.a[0].gam[i]);
		}
		dn_ws_free(&ws);
		dn_net_free(&n);
	}
	const double balance = mom_mean(&st.zhat) / mom_mean(&st.ze);
	const double m2 = st.z.ss / st.z.n; /* E[z^2]: the per-image prediction is of the variance about 0 */
	measure("dann init first layer on %zu Fashion-MNIST images: E[zhat]/E[z^E] %.4f; E[z] %.4f; E[z^2] %.4f "
		"(derived from the images %.4f; rectified-normal value %.4f); E[gamma]/sd(z^E) %.3f (Eq. 3 assumes iid "
		"inputs)", B, balance, mom_mean(&st.z), m2, pred, dn_dann_var_z(DN_WIDTH, 50), mom_mean(&st.gam) /
		sqrt(mom_var(&st.ze)));
	cr_expect(fabs(balance) < TOL_BALANCE, "first layer: E[zhat] = %.4f E[z^E]", balance);
	cr_expect(fabs(m2 / pred - 1) < TOL_RATIO, "first layer: E[z^2] = %.4f, derived %.4f", m2, pred);
	free(x);
	fmnist_free(&ds);
}

/* ColumnEi, Appendix B.1: with W^+'s excitatory columns of mean E[w+] and inhibitory columns of mean (n_e/n_i) E[w+],
 * E[z] = 0 (Eq. 17) and Var(z) = sigma^2 (Eq. 18-19, with the square root) on rectified-normal inputs. */
Test(dann_init, columnei_rectified_normal)
{
	char err[INB_ERRLEN];
	const size_t d = DN_COLEI_WIDTH;
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 0x6365, 1, 0, 0);
	real *x = malloc(ROWS * d * sizeof *x);
	struct mom z = { 0 };
	for (int k = 0; k < NETS; k++) {
		struct dn_net n;
		struct dn_ws ws;
		cr_assert_eq(dn_net_alloc(&n, dn_model_find("colei"), d, d, DN_OUTPUTS, 0, 300 + (uint64_t)k, 0, err), INB_OK);
		cr_assert_eq(dn_ws_alloc(&ws, &n, ROWS, err), INB_OK);
		for (size_t i = 0; i < ROWS * d; i++)
			x[i] = (real)fmax(0, gsl_ran_gaussian(r, SIGMA));
		dn_layer_forward(&n.L[1], ROWS, x, &ws.a[1]);
		for (size_t i = 0; i < ROWS * n.L[1].n; i++)
			mom_add(&z, (double)ws.a[1].z[i]);
		dn_ws_free(&ws);
		dn_net_free(&n);
	}
	const double vz = mom_var(&z);
	measure("colei init (500 E + 50 I inputs, rectified normal sigma %.2f): E[z]/sd %.4f; Var(z)/sigma^2 %.4f (Eq. 19: 1)",
		SIGMA, mom_mean(&z) / sqrt(vz), vz / (SIGMA * SIGMA));
	cr_expect(fabs(mom_mean(&z)) < 0.05 * sqrt(vz), "ColumnEi: E[z] = %.4f, sd %.4f", mom_mean(&z), sqrt(vz));
	cr_expect(fabs(vz / (SIGMA * SIGMA) - 1) < TOL_RATIO, "ColumnEi: Var(z) = %.4f sigma^2, Eq. 19 gives sigma^2",
		  vz / (SIGMA * SIGMA));
	free(x);
	gsl_rng_free(r);
}

/* ColumnEi's first layer: all pixels excitatory; the bias -d E[w+] p (p the mean pixel) centres z over the data. */
Test(dann_init, columnei_first_layer_fashion_mnist)
{
	char err[INB_ERRLEN];
	struct fmnist ds;
	cr_assert_eq(fmnist_load(fmnist_resolve_dir(NULL), FMNIST_TRAIN, &ds, err), INB_OK, "%s", err);
	const size_t B = 2000, d = FMNIST_PIXELS;
	real *x = malloc(B * d * sizeof *x);
	double p = 0;
	for (size_t i = 0; i < ds.n * d; i++)
		p += ds.pixels[i];
	p /= (double)ds.n * (double)d * 255.0;
	for (size_t i = 0; i < B * d; i++)
		x[i] = (real)(ds.pixels[i] / 255.0);
	struct mom z = { 0 };
	for (int k = 0; k < NETS; k++) {
		struct dn_net n;
		struct dn_ws ws;
		cr_assert_eq(dn_net_alloc(&n, dn_model_find("colei"), d, 0, DN_OUTPUTS, 0, 400 + (uint64_t)k, p, err), INB_OK);
		cr_assert_eq(dn_ws_alloc(&ws, &n, B, err), INB_OK);
		dn_layer_forward(&n.L[0], B, x, &ws.a[0]);
		for (size_t i = 0; i < B * n.L[0].n; i++)
			mom_add(&z, (double)ws.a[0].z[i]);
		dn_ws_free(&ws);
		dn_net_free(&n);
	}
	measure("colei init first layer on %zu Fashion-MNIST images (mean pixel %.4f): E[z] %.4f, sd %.4f", B, p,
		mom_mean(&z), sqrt(mom_var(&z)));
	cr_expect(fabs(p - 0.2860) < 5e-4, "Fashion-MNIST mean pixel %.5f, the released code uses 0.2860", p);
	cr_expect(fabs(mom_mean(&z)) < 0.05 * sqrt(mom_var(&z)), "ColumnEi first layer: E[z] = %.4f, sd %.4f",
		  mom_mean(&z), sqrt(mom_var(&z)));
	free(x);
	fmnist_free(&ds);
}
