/* test_ln_placement.c: where LayerNorm sits in the networks, (2.1.4), (2.1.5) and (4.2.2): on each hidden layer's
 * pre-activation, bias included, before the ReLU; never on the output layer. One forward pass of ei-ln and e-ln (and
 * of ei, which has no LN, as the control) on a batch of high-entropy inputs, checked against a reference computed
 * here from the layers' weights, in double, without any of net.c's kernels:
 *   s_l = h_{l-1} W_ex^T - (h_{l-1} W_ix^T) W_ei^T + b     (2.1.1), from the previous layer's output as net.c has it
 *   y_l = (s_l - mean) / sqrt(var + 1e-5) per sample       (4.2.1), ws->y[l]: mean 0 and variance ~1 across units
 *   h_l = ReLU(y_l)                                         the hidden activity, ws->h[l], which feeds layer l + 1
 *   logits = h_1 W_ex^T - (h_1 W_ix^T) W_ei^T + b          no LN: ws->s[2], and the loss net_loss computes from them
 * LN after the ReLU changes h (about half the units of LN(s) are negative), LN on the output changes the logits and
 * the loss: either fails here. Tolerance 1e-9 relative: the test binary computes in double; only the order of the
 * sums differs from the reference. */
#include "core/common.h"
#include "inorm/net.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define B 7      /* samples */
#define W 64     /* hidden width */
#define TOL 1e-9 /* relative, in double */

static int close_to(double a, double b)
{
	return fabs(a - b) <= TOL * (1 + fabs(b));
}

/* s (B, ne) = in (B, d) W_ex^T - (in W_ix^T) W_ei^T + b, from layer L's weights, in double */
static void reference_preactivation(const struct ei_layer *L, const real *in, double *s)
{
	for (size_t r = 0; r < B; r++) {
		const real *x = in + r * L->d;
		double a[64];
		cr_assert(L->ni <= 64);
		for (size_t i = 0; i < L->ni; i++) {
			a[i] = 0;
			for (size_t k = 0; k < L->d; k++)
				a[i] += (double)L->wix[i * L->d + k] * (double)x[k];
		}
		for (size_t j = 0; j < L->ne; j++) {
			double v = (double)L->b[j];
			for (size_t k = 0; k < L->d; k++)
				v += (double)L->wex[j * L->d + k] * (double)x[k];
			for (size_t i = 0; i < L->ni; i++)
				v -= (double)L->wei[j * L->ni + i] * a[i];
			s[r * L->ne + j] = v;
		}
	}
}

/* mean and biased variance of v (n) */
static void moments(const double *v, size_t n, double *mu, double *var)
{
	double m = 0, q = 0;
	for (size_t k = 0; k < n; k++)
		m += v[k];
	m /= (double)n;
	for (size_t k = 0; k < n; k++)
		q += (v[k] - m) * (v[k] - m);
	*mu = m, *var = q / (double)n;
}

/* Label-smoothed cross-entropy (alpha 0.1), mean over the rows, of logits (B, C). */
static double reference_loss(const double *o, size_t C, const uint8_t *labels, double alpha)
{
	double total = 0;
	for (size_t r = 0; r < B; r++) {
		double m = o[r * C], z = 0;
		for (size_t c = 1; c < C; c++)
			m = fmax(m, o[r * C + c]);
		for (size_t c = 0; c < C; c++)
			z += exp(o[r * C + c] - m);
		double lse = m + log(z);
		for (size_t c = 0; c < C; c++)
			total -= ((c == labels[r] ? 1 - alpha : 0) + alpha / (double)C) * (o[r * C + c] - lse);
	}
	return total / B;
}

/* One forward pass of model id, checked as the header says. */
static void check_model(const char *id, uint64_t seed)
{
	const struct model_desc *m = model_find(id);
	cr_assert_not_null(m, "no model %s", id);
	struct net_opts o = { .width = W, .lr = 0.01, .lr_wix = 0.01, .lr_wei = 0.01, .label_smoothing = 0.1,
			      .lambda = 0.01, .dist = INIT_LOGNORMAL, .seed = seed, .config = 13 };
	struct net n;
	struct net_ws ws;
	char err[INB_ERRLEN];
	cr_assert_eq(net_alloc(&n, m, &o, err), INB_OK, "%s", err);
	cr_assert_eq(net_ws_alloc(&ws, &n, B, err), INB_OK, "%s", err);

	/* inputs: luminance-shifted pixels in [-0.5, 1.5], and nonzero biases so that "bias included" is tested */
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 2385 + seed);
	real *x = malloc(B * NET_INPUTS * sizeof *x);
	cr_assert_not_null(x);
	for (size_t i = 0; i < B * NET_INPUTS; i++)
		x[i] = (real)(gsl_rng_uniform(r) * 2 - 0.5);
	for (int l = 0; l < NET_LAYERS; l++)
		for (size_t j = 0; j < n.layer[l].ne; j++)
			n.layer[l].b[j] = (real)gsl_ran_gaussian(r, 0.7);
	uint8_t labels[B];
	for (size_t i = 0; i < B; i++)
		labels[i] = (uint8_t)gsl_rng_uniform_int(r, NET_OUTPUTS);
	gsl_rng_free(r);

	net_forward(&n, &ws, B, x);

	const int ln = m->layernorm;
	double s[B * W], y[B * W];
	const real *in = x;
	for (int l = 0; l < NET_LAYERS - 1; l++) {
		const struct ei_layer *L = &n.layer[l];
		cr_assert_eq(L->ne, (size_t)W);
		reference_preactivation(L, in, s);
		for (size_t row = 0; row < B; row++) {
			double mu, var;
			moments(s + row * W, W, &mu, &var);
			/* the reference pre-activation is far from normalised, so that LN is seen where it acts */
			cr_assert(fabs(mu) > 0.1 || fabs(var - 1) > 0.1, "%s layer %d row %zu: mean %g var %g already", id,
				  l, row, mu, var);
			for (size_t j = 0; j < W; j++)
				y[row * W + j] = ln ? (s[row * W + j] - mu) / sqrt(var + 1e-5) : s[row * W + j];
			/* the pre-ReLU values of the network, ws->y: normalised across units per sample with LN */
			double ymu, yvar, got[W];
			for (size_t j = 0; j < W; j++)
				got[j] = (double)ws.y[l][row * W + j];
			moments(got, W, &ymu, &yvar);
			if (ln)
				cr_assert(fabs(ymu) < 1e-9 && fabs(yvar - var / (var + 1e-5)) < 1e-9, "%s layer %d row %zu: "
					  "pre-ReLU mean %g variance %g, expected 0 and ~1 (LN before the ReLU)", id, l, row,
					  ymu, yvar);
			for (size_t j = 0; j < W; j++) {
				const double want_y = y[row * W + j], want_h = want_y > 0 ? want_y : 0;
				const double got_y = (double)ws.y[l][row * W + j], got_h = (double)ws.h[l][row * W + j];
				cr_assert(close_to(got_y, want_y), "%s layer %d [%zu,%zu]: pre-ReLU %.12g, expected %.12g (%s)",
					  id, l, row, j, got_y, want_y, ln ? "LN of the pre-activation, bias included" :
					  "the pre-activation, bias included");
				cr_assert(got_h == (got_y > 0 ? got_y : 0), "%s layer %d [%zu,%zu]: activity %.12g is not "
					  "ReLU(%.12g)", id, l, row, j, got_h, got_y);
				cr_assert(close_to(got_h, want_h), "%s layer %d [%zu,%zu]: activity %.12g, expected %.12g = "
					  "ReLU(%s)", id, l, row, j, got_h, want_h, ln ? "LN(s)" : "s");
			}
		}
		in = ws.h[l];
	}

	/* the output layer: logits from the last hidden activity and the output weights, not normalised */
	const struct ei_layer *L = &n.layer[NET_LAYERS - 1];
	double logits[B * NET_OUTPUTS];
	cr_assert_eq(L->ne, (size_t)NET_OUTPUTS);
	reference_preactivation(L, ws.h[NET_LAYERS - 2], logits);
	for (size_t row = 0; row < B; row++) {
		double mu, var;
		moments(logits + row * NET_OUTPUTS, NET_OUTPUTS, &mu, &var);
		cr_assert(fabs(mu) > 0.1 || fabs(var - 1) > 0.1, "%s: logits of row %zu already normalised (mean %g var "
			  "%g): the test could not tell", id, row, mu, var);
		for (size_t c = 0; c < NET_OUTPUTS; c++) {
			const double got = (double)ws.s[NET_LAYERS - 1][row * NET_OUTPUTS + c];
			cr_assert(close_to(got, logits[row * NET_OUTPUTS + c]), "%s: logit [%zu,%zu] %.12g, expected %.12g "
				  "(no LN on the output layer)", id, row, c, got, logits[row * NET_OUTPUTS + c]);
		}
	}
	/* ... and the loss is computed from those logits */
	long correct = 0;
	const double loss = net_loss(&n, &ws, B, labels, &correct, NULL);
	const double want = reference_loss(logits, NET_OUTPUTS, labels, 0.1);
	cr_assert(close_to(loss, want), "%s: loss %.12g, expected %.12g from the unnormalised logits", id, loss, want);

	free(x);
	net_ws_free(&ws);
	net_free(&n);
}

Test(ln_placement, ei_ln_normalises_hidden_preactivations_before_relu_not_logits)
{
	check_model("ei-ln", 1);
	check_model("ei-ln", 2);
}

Test(ln_placement, e_ln_normalises_hidden_preactivations_before_relu_not_logits)
{
	check_model("e-ln", 1);
	check_model("e-ln", 2);
}

Test(ln_placement, ei_without_ln_leaves_every_layer_unnormalised)
{
	check_model("ei", 1);
}
