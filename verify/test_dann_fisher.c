/* test_dann_fisher.c: Algorithm 4, the Fisher-corrected DANN (d-NGD; DANN paper Appendix E.3, Figure 2;
 * paper/dann-4-updates.md). Double build. Every per-example gradient formula (D4.5)-(D4.8), through the signals
 * (D4.3)-(D4.4), against central differences of each example's own loss at its sampled label, on tiny networks of
 * one and of two inhibitory units, and against the ordinary backward pass of a one-row batch, also where a W^EI
 * entry is exactly 0; the squared sums of (D4.9) against the materialised per-example gradients on a small and on a
 * full-size network; the sampling against its softmax; the moving average, inverse, normalisation and guard of
 * (D4.10)-(D4.13) on a constructed case; a short training run on Fashion-MNIST (the loss falls, the sign-constrained
 * weights stay >= 0); and `dann-train --model dann-ngd` end to end. */
#include "testutil.h"
#include "core/rng.h"
#include "dann/dann_fisher.h"
#include "dann/dann_runfile.h"
#include "data/fmnist.h"
#include "measure.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T_IN 7
#define T_WIDTH 6
#define T_OUT 3
#define T_BATCH 5
/* Central-difference step: truncation h^2 |l'''| / 6 ~ 1e-11 and rounding eps |l| / h ~ 1e-11 balance near here. */
#define T_STEP 1e-5
/* Hidden pre-activations of every example start this far from 0, so a step of 1e-5 moves none across the ReLU's
 * kink (one that crosses anyway is counted and fails the test). */
#define T_MARGIN 1e-3
/* Entries below this fraction of their tensor's largest are judged on that scale (their own relative error would
 * measure rounding only). */
#define T_FLOOR 1e-3
/* A per-example gradient below T_ABS is judged on that scale: the difference's rounding, ~eps |l_i| / h ~ 2e-11 with
 * the logits' size, is ~1e-6 of it; the divisive layers make some rows' early gradients tiny (~1e-9), and those are
 * checked exactly against the one-row backward instead. */
#define T_ABS 1e-5
/* Relative error of a finite difference: <= ~2e-6 after the floors; a wrong sign, factor or missing path is O(1). */
#define T_TOL 1e-5
/* Two computations of the same double-precision quantity in a different order: a few hundred roundings at most. */
#define T_EXACT 1e-11

struct tnet {
	struct dn_net n;
	struct dn_ws ws, ws1;     /* the batch's; one row's */
	struct dn_fisher f;
	size_t B, n_in;
	real *x;                  /* (B, n_in) */
	uint8_t *y;               /* (B) */
};

/* Signs of the hidden pre-activations of the last forward of ws (rows rows), and the smallest |value|. */
static double pattern(const struct dn_net *n, const struct dn_ws *ws, size_t rows, unsigned char *pat, int *changed)
{
	double m = INFINITY;
	size_t k = 0;
	for (int l = 0; l < DN_LAYERS - 1; l++)
		for (size_t i = 0; i < rows * n->L[l].n; i++, k++) {
			unsigned char s = ws->a[l].z[i] > 0;
			if (changed)
				*changed |= pat[k] != s;
			else
				pat[k] = s;
			m = fmin(m, fabs((double)ws->a[l].z[i]));
		}
	return m;
}

/* A d-NGD network n_in -> width -> width -> width -> n_out with ni inhibitory units, moved off its initialisation
 * (sign-constrained tensors times exp(0.2 xi), the others + 0.2 xi), a batch of B rows in [0, 1] with labels, and
 * the batch forward with labels sampled; for fd, the first draw whose hidden pre-activations all lie T_MARGIN from
 * 0, with 20-80% of each layer's units active and no row's largest softmax probability above 0.9. */
static void tnet_build(struct tnet *t, size_t n_in, size_t width, size_t n_out, size_t ni, size_t B, uint64_t seed,
		       int fd)
{
	char err[INB_ERRLEN];
	memset(t, 0, sizeof *t);
	t->B = B, t->n_in = n_in;
	t->x = malloc(B * n_in * sizeof *t->x);
	t->y = malloc(B);
	gsl_rng *r = rng_stream_alloc(RNG_TEST, seed, 0x6e6764, 0, 0);
	unsigned char *pat = malloc((DN_LAYERS - 1) * B * width);
	for (int draws = 0;; draws++) {
		cr_assert(draws < 500, "no draw with pre-activations away from 0 and active units");
		cr_assert_eq(dn_net_alloc(&t->n, dn_model_find("dann-ngd"), n_in, width, n_out, ni, seed + (uint64_t)draws,
					  0.3, err), INB_OK, "%s", err);
		cr_assert_eq(dn_ws_alloc(&t->ws, &t->n, B, err), INB_OK, "%s", err);
		for (int k = 0; k < t->n.ntensors; k++) {
			const struct dn_tensor *T = &t->n.T[k];
			for (size_t i = 0; i < T->len; i++) {
				double xi = gsl_ran_gaussian(r, 1);
				T->p[i] = T->clamp ? T->p[i] * (real)exp(0.2 * xi) : T->p[i] + (real)(0.2 * xi);
			}
		}
		for (size_t i = 0; i < B * n_in; i++)
			t->x[i] = (real)gsl_rng_uniform(r);
		for (size_t i = 0; i < B; i++)
			t->y[i] = (uint8_t)gsl_rng_uniform_int(r, n_out);
		dn_forward(&t->n, &t->ws, B, t->x);
		int ok = !fd;
		if (fd) {
			double m = pattern(&t->n, &t->ws, B, pat, NULL), lo = 1, hi = 0;
			for (int l = 0; l < DN_LAYERS - 1; l++) {
				size_t on = 0, len = B * t->n.L[l].n;
				for (size_t i = 0; i < len; i++)
					on += t->ws.a[l].z[i] > 0;
				lo = fmin(lo, (double)on / (double)len), hi = fmax(hi, (double)on / (double)len);
			}
			/* and no row's softmax saturated: a row whose largest probability is near 1 has gradients near 0,
			 * below the differences' rounding (~1e-10 absolute) */
			double pmax = 0;
			const real *z = t->ws.a[DN_LAYERS - 1].z;
			for (size_t i = 0; i < B; i++) {
				double s = 0, top = -INFINITY;
				for (size_t c = 0; c < n_out; c++)
					top = fmax(top, (double)z[i * n_out + c]);
				for (size_t c = 0; c < n_out; c++)
					s += exp((double)z[i * n_out + c] - top);
				pmax = fmax(pmax, 1 / s);
			}
			ok = m >= T_MARGIN && lo >= 0.2 && hi <= 0.8 && pmax < 0.9;
		}
		if (ok)
			break;
		dn_ws_free(&t->ws);
		dn_net_free(&t->n);
	}
	free(pat);
	cr_assert_eq(dn_ws_alloc(&t->ws1, &t->n, 1, err), INB_OK, "%s", err);
	cr_assert_eq(dn_fisher_alloc(&t->f, &t->n, B, err), INB_OK, "%s", err);
	dn_fisher_sample(&t->n, &t->ws, &t->f, B, r);
	dn_fisher_signals(&t->n, &t->ws, &t->f, B);
	gsl_rng_free(r);
}

static void tnet_free(struct tnet *t)
{
	dn_fisher_free(&t->f);
	dn_ws_free(&t->ws);
	dn_ws_free(&t->ws1);
	dn_net_free(&t->n);
	free(t->x);
	free(t->y);
}

/* The loss of row i alone at its sampled label (the per-example loss l_i). */
static double example_loss(struct tnet *t, size_t i, const unsigned char *pat, int *kink)
{
	dn_forward(&t->n, &t->ws1, 1, t->x + i * t->n_in);
	if (pat)
		pattern(&t->n, &t->ws1, 1, (unsigned char *)pat, kink);
	return dn_loss(&t->n, &t->ws1, 1, &t->f.yhat[i], NULL, NULL);
}

/* The ordinary backward pass of row i alone at its sampled label, into g (nparams). */
static void example_backward(struct tnet *t, size_t i, real *g)
{
	dn_forward(&t->n, &t->ws1, 1, t->x + i * t->n_in);
	dn_loss(&t->n, &t->ws1, 1, &t->f.yhat[i], NULL, t->ws1.dz);
	dn_backward(&t->n, &t->ws1, 1, t->x + i * t->n_in);
	memcpy(g, t->n.grads, t->n.nparams * sizeof *g);
}

/* Checks every per-example gradient of every row of a tiny network with ni inhibitory units against central
 * differences of its loss and against the one-row backward pass. */
static void check_examples(size_t ni, uint64_t seed)
{
	struct tnet t;
	tnet_build(&t, T_IN, T_WIDTH, T_OUT, ni, T_BATCH, seed, 1);
	const size_t P = t.n.nparams;
	real *g = malloc(P * sizeof *g), *bp = malloc(P * sizeof *bp);
	double *fd = malloc(P * sizeof *fd), worst = 0, worst_bp = 0;
	long strong[DN_MAX_TENSORS] = { 0 }; /* entries of each tensor judged on their own size, over the rows */
	unsigned char pat[(DN_LAYERS - 1) * T_WIDTH];
	int kinks = 0;
	for (size_t i = 0; i < T_BATCH; i++) {
		dn_fisher_example(&t.n, &t.ws, &t.f, T_BATCH, t.x, i, g);
		example_backward(&t, i, bp);
		example_loss(&t, i, pat, NULL); /* records row i's pattern */
		double rowscale = 1e-300;
		for (size_t k = 0; k < P; k++)
			rowscale = fmax(rowscale, fabs((double)bp[k]));
		for (size_t k = 0; k < P; k++) {
			real keep = t.n.params[k];
			t.n.params[k] = keep + (real)T_STEP;
			double lp = example_loss(&t, i, pat, &kinks);
			t.n.params[k] = keep - (real)T_STEP;
			double lm = example_loss(&t, i, pat, &kinks);
			t.n.params[k] = keep;
			fd[k] = (lp - lm) / (2 * T_STEP);
		}
		for (int k = 0; k < t.n.ntensors; k++) {
			const struct dn_tensor *T = &t.n.T[k];
			const size_t off = (size_t)(T->p - t.n.params);
			double scale = 0;
			for (size_t j = 0; j < T->len; j++)
				scale = fmax(scale, fabs(fd[off + j]));
			for (size_t j = 0; j < T->len; j++) {
				const double a = (double)g[off + j], f = fd[off + j], b = (double)bp[off + j];
				double den = fmax(fmax(fabs(a), fabs(f)), fmax(T_FLOOR * scale, T_ABS));
				strong[k] += fabs(f) >= T_ABS;
				/* the early layers' small entries are differences of terms of the row's size (U W^EE against
				 * rho W^IE), so either computation carries rounding of eps times that size */
				double e = fabs(a - f) / den, eb = fabs(a - b) / fmax(fmax(fabs(a), fabs(b)), rowscale);
				cr_expect(e < T_TOL, "ni %zu row %zu layer %d %s[%zu]: per-example %.10g, finite difference %.10g "
					  "(rel err %.3g)", ni, i, T->layer + 1, T->name, j, a, f, e);
				cr_expect(eb < T_EXACT, "ni %zu row %zu layer %d %s[%zu]: per-example %.17g, one-row backward "
					  "%.17g", ni, i, T->layer + 1, T->name, j, a, b);
				worst = fmax(worst, e), worst_bp = fmax(worst_bp, eb);
			}
		}
	}
	cr_expect_eq(kinks, 0, "%d differences crossed a ReLU kink", kinks);
	long weakest = -1;
	for (int k = 0; k < t.n.ntensors; k++) {
		cr_expect(strong[k] > 0, "ni %zu layer %d %s: no row has a per-example gradient >= %g to check", ni,
			  t.n.T[k].layer + 1, t.n.T[k].name, T_ABS);
		weakest = weakest < 0 || strong[k] < weakest ? strong[k] : weakest;
	}
	measure("dann-ngd per-example gradients (ni %zu): %d rows x %zu parameters, max rel err against finite "
		"differences %.2g (tol %g; at least %ld entries of each tensor >= %g), against the one-row backward %.2g "
		"(tol %g)", ni, T_BATCH, P, worst, T_TOL, weakest, T_ABS, worst_bp, T_EXACT);
	free(g), free(bp), free(fd);
	tnet_free(&t);
}

Test(dann_fisher, per_example_gradients_one_inhibitory_unit)
{
	check_examples(1, 4021);
}

Test(dann_fisher, per_example_gradients_two_inhibitory_units)
{
	check_examples(2, 4022);
}

/* (D4.7) at W^EI_k = 0 (a value the projection produces): the released code's form divides by (W^EI_k)^2, ours
 * stays finite and equals the backward pass, whose two paths through zhat and gamma are written separately. The
 * units' gains are set to 1e-8 as well, so that z = g zhat / gamma stays of order 1 and the rest of the network is
 * well conditioned (with gamma = 1e-8 and g = 1, z ~ 1e8 and the layers above cancel catastrophically). */
Test(dann_fisher, wei_derivative_finite_at_zero)
{
	struct tnet t;
	tnet_build(&t, T_IN, T_WIDTH, T_OUT, 1, T_BATCH, 4023, 0);
	/* unit 1 of layer 1 and unit 2 of the output layer */
	t.n.L[0].wei[1] = 0, t.n.L[0].g[1] = (real)1e-8;
	t.n.L[DN_LAYERS - 1].wei[2] = 0, t.n.L[DN_LAYERS - 1].g[2] = (real)1e-8;
	dn_forward(&t.n, &t.ws, T_BATCH, t.x);
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 4023, 1, 0, 0);
	dn_fisher_sample(&t.n, &t.ws, &t.f, T_BATCH, r);
	gsl_rng_free(r);
	dn_fisher_signals(&t.n, &t.ws, &t.f, T_BATCH);
	const size_t P = t.n.nparams;
	real *g = malloc(P * sizeof *g), *bp = malloc(P * sizeof *bp);
	size_t nonzero = 0;
	for (size_t i = 0; i < T_BATCH; i++) {
		dn_fisher_example(&t.n, &t.ws, &t.f, T_BATCH, t.x, i, g);
		example_backward(&t, i, bp);
		const struct dn_layer *L[2] = { &t.n.L[0], &t.n.L[DN_LAYERS - 1] };
		const size_t k[2] = { 1, 2 };
		for (int c = 0; c < 2; c++) {
			const size_t at = (size_t)(L[c]->wei - t.n.params) + k[c];
			cr_expect(isfinite(g[at]), "row %zu: d l_i / d W^EI = %g at W^EI = 0", i, (double)g[at]);
			cr_expect(fabs((double)g[at] - (double)bp[at]) <= 1e-9 * fmax(fabs((double)bp[at]), 1e-300),
				  "row %zu: %.17g, backward %.17g", i, (double)g[at], (double)bp[at]);
			nonzero += g[at] != 0;
		}
		for (size_t j = 0; j < P; j++)
			cr_expect(isfinite(g[j]), "row %zu parameter %zu: %g", i, j, (double)g[j]);
	}
	cr_expect(nonzero > 0, "every derivative at W^EI = 0 vanished: nothing was checked");
	free(g), free(bp);
	tnet_free(&t);
}

/* (D4.9) against the sum of the squares of the materialised per-example gradients. */
static void check_sqsums(size_t n_in, size_t width, size_t n_out, size_t ni, size_t B, uint64_t seed)
{
	struct tnet t;
	tnet_build(&t, n_in, width, n_out, ni, B, seed, 0);
	const size_t P = t.n.nparams;
	double *want = calloc(P, sizeof *want), worst = 0;
	real *g = malloc(P * sizeof *g);
	for (size_t i = 0; i < B; i++) {
		dn_fisher_example(&t.n, &t.ws, &t.f, B, t.x, i, g);
		for (size_t k = 0; k < P; k++)
			want[k] += (double)g[k] * (double)g[k];
	}
	dn_fisher_sqsums(&t.n, &t.ws, &t.f, B, t.x);
	size_t zero = 0;
	for (int k = 0; k < t.n.ntensors; k++) {
		const struct dn_tensor *T = &t.n.T[k];
		const size_t off = (size_t)(T->p - t.n.params);
		double scale = 0;
		for (size_t j = 0; j < T->len; j++)
			scale = fmax(scale, want[off + j]);
		cr_expect(scale > 0, "layer %d %s: all squared sums are 0", T->layer + 1, T->name);
		for (size_t j = 0; j < T->len; j++) {
			const double a = (double)t.f.S[off + j], w = want[off + j];
			const double e = fabs(a - w) / fmax(fmax(fabs(w), 1e-9 * scale), 1e-300);
			cr_expect(e < T_EXACT, "%zu -> %zu (ni %zu), layer %d %s[%zu]: cheap %.17g, materialised %.17g", n_in,
				  width, ni, T->layer + 1, T->name, j, a, w);
			worst = fmax(worst, e);
			zero += w == 0;
		}
	}
	measure("dann-ngd squared sums, %zu -> %zu x 3 -> %zu (ni %zu), batch %zu: %zu sums, max rel difference to the "
		"materialised per-example gradients %.2g (tol %g); %zu exactly 0 in both", n_in, width, n_out, ni, B, P,
		worst, T_EXACT, zero);
	free(want), free(g);
	tnet_free(&t);
}

Test(dann_fisher, squared_sums_equal_materialised_small)
{
	check_sqsums(13, 9, 4, 1, 11, 4031);
	check_sqsums(13, 9, 4, 3, 11, 4032);
}

Test(dann_fisher, squared_sums_equal_materialised_full_size)
{
	check_sqsums(DN_INPUTS, DN_WIDTH, DN_OUTPUTS, 1, 12, 4033);
}

/* (D4.3): labels drawn with the softmax's frequencies; delta = p - onehot; a non-finite logit is taken as 0. */
Test(dann_fisher, sampling_follows_the_softmax)
{
	char err[INB_ERRLEN];
	struct dn_net n;
	struct dn_ws ws;
	struct dn_fisher f;
	const size_t B = 30000;
	cr_assert_eq(dn_net_alloc(&n, dn_model_find("dann-ngd"), T_IN, T_WIDTH, T_OUT, 0, 1, 0.3, err), INB_OK);
	cr_assert_eq(dn_ws_alloc(&ws, &n, B, err), INB_OK);
	cr_assert_eq(dn_fisher_alloc(&f, &n, B, err), INB_OK);
	const double logit[T_OUT] = { 0.3, -1.2, 2.0 };
	double p[T_OUT], s = 0;
	for (int c = 0; c < T_OUT; c++)
		s += p[c] = exp(logit[c]);
	for (int c = 0; c < T_OUT; c++)
		p[c] /= s;
	real *z = ws.a[DN_LAYERS - 1].z;
	for (size_t i = 0; i < B; i++)
		for (int c = 0; c < T_OUT; c++)
			z[i * T_OUT + c] = (real)logit[c];
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 77, 0, 0, 0);
	dn_fisher_sample(&n, &ws, &f, B, r);
	gsl_rng_free(r);
	long count[T_OUT] = { 0 };
	double worst = 0;
	for (size_t i = 0; i < B; i++) {
		cr_assert(f.yhat[i] < T_OUT);
		count[f.yhat[i]]++;
		for (int c = 0; c < T_OUT; c++) {
			const double want = p[c] - (c == f.yhat[i]);
			worst = fmax(worst, fabs((double)f.delta[DN_LAYERS - 1][i * T_OUT + c] - want));
		}
	}
	cr_expect(worst < 1e-15, "delta differs from p - onehot by %g", worst);
	for (int c = 0; c < T_OUT; c++) {
		/* binomial: 5 standard deviations, a false alarm once in ~1.7 million runs */
		const double sd = sqrt((double)B * p[c] * (1 - p[c])), dev = ((double)count[c] - (double)B * p[c]) / sd;
		cr_expect(fabs(dev) < 5, "class %d: %ld draws, expected %.1f +- %.1f", c, count[c], (double)B * p[c], sd);
		measure("dann-ngd sampling: class %d drawn %ld times of %zu, p = %.4f, %.2f sd from the expectation", c,
			count[c], B, p[c], dev);
	}
	cr_expect_eq(f.bad_logits, 0);
	/* a NaN and an infinite logit are sampled as logits of 0 */
	z[0] = NAN, z[1] = INFINITY, z[2] = 0;
	r = rng_stream_alloc(RNG_TEST, 78, 0, 0, 0);
	dn_fisher_sample(&n, &ws, &f, 1, r);
	gsl_rng_free(r);
	cr_expect_eq(f.bad_logits, 2);
	for (int c = 0; c < T_OUT; c++)
		cr_expect(fabs((double)f.delta[DN_LAYERS - 1][c] - (1.0 / 3 - (c == f.yhat[0]))) < 1e-15);
	dn_fisher_free(&f);
	dn_ws_free(&ws);
	dn_net_free(&n);
}

/* (D4.10)-(D4.13) on a constructed case: every squared sum and gradient set to a distinct value; the first update's
 * F is the estimate itself, the second's the moving average; D* W^EE has unit norm per layer; the corrected
 * gradient is D* times the gradient; a non-finite product becomes 0 and is counted; F below the damping is counted. */
Test(dann_fisher, moving_average_inverse_and_normalisation)
{
	char err[INB_ERRLEN];
	struct dn_net n;
	struct dn_fisher f;
	const size_t B = 4;
	cr_assert_eq(dn_net_alloc(&n, dn_model_find("dann-ngd"), T_IN, T_WIDTH, T_OUT, 0, 1, 0.3, err), INB_OK);
	cr_assert_eq(dn_fisher_alloc(&f, &n, B, err), INB_OK);
	const size_t P = n.nparams;
	double *F = malloc(P * sizeof *F), *g0 = malloc(P * sizeof *g0);
	for (int step = 0; step < 2; step++) {
		for (size_t i = 0; i < P; i++) {
			/* every 7th entry's estimate lies below the damping: S below 1e-8 B / 2.5e-5 = 1.6e-3 */
			f.S[i] = (real)(i % 7 ? 0.05 + 0.013 * (double)((i * (3 + step)) % 101) : 1e-4 * (double)(1 + step));
			n.grads[i] = (real)(0.375 - 0.0071 * (double)(i % 113));
			g0[i] = (double)n.grads[i];
		}
		const size_t bad = 5 + (size_t)step;
		n.grads[bad] = INFINITY;
		for (size_t i = 0; i < P; i++) {
			const double est = DN_FISHER_SCALE / (double)B * (double)f.S[i];
			F[i] = step ? DN_FISHER_K * est + (1 - DN_FISHER_K) * F[i] : est;
		}
		dn_fisher_correct(&n, &f, B);
		double worst = 0;
		for (int l = 0; l < DN_LAYERS; l++) {
			const struct dn_layer *L = &n.L[l];
			double norm = 0;
			long floor = 0;
			for (size_t i = (size_t)(L->w - n.params); i < (size_t)(L->w - n.params) + L->n * L->d; i++)
				norm += 1 / ((F[i] + DN_FISHER_DAMP) * (F[i] + DN_FISHER_DAMP));
			norm = sqrt(norm);
			for (int k = 0; k < n.ntensors; k++) {
				const struct dn_tensor *T = &n.T[k];
				if (T->layer != l)
					continue;
				for (size_t j = 0; j < T->len; j++) {
					const size_t i = (size_t)(T->p - n.params) + j;
					const double want = i == bad ? 0 : g0[i] / ((F[i] + DN_FISHER_DAMP) * norm);
					const double e = fabs((double)n.grads[i] - want) / fmax(fabs(want), 1e-300);
					cr_expect(i == bad ? n.grads[i] == 0 : e < T_EXACT, "step %d layer %d %s[%zu]: %.17g, "
						  "expected %.17g", step + 1, l + 1, T->name, j, (double)n.grads[i], want);
					cr_expect(fabs((double)f.F[i] - F[i]) <= 1e-13 * F[i], "step %d: F[%zu] %.17g, expected "
						  "%.17g", step + 1, i, (double)f.F[i], F[i]);
					worst = fmax(worst, i == bad ? 0 : e);
					floor += F[i] < DN_FISHER_DAMP;
				}
			}
			cr_expect(fabs(f.dnorm[l] - norm) <= 1e-12 * norm, "layer %d: normaliser %.17g, expected %.17g", l + 1,
				  f.dnorm[l], norm);
			cr_expect_eq(f.floor[l], floor, "layer %d: %ld entries below the damping, expected %ld", l + 1,
				     f.floor[l], floor);
			cr_expect(floor > 0, "layer %d: the case has no entry below the damping", l + 1);
			cr_expect_eq(f.guard[l], l == 0, "layer %d: %ld guarded entries", l + 1, f.guard[l]);
		}
		measure("dann-ngd Algorithm 4 update %d on a constructed case: corrected gradient within %.2g of "
			"g / ((F + 1e-8) ||D_WEE||) (tol %g); 1 non-finite entry set to 0", step + 1, worst, T_EXACT);
	}
	free(F), free(g0);
	dn_fisher_free(&f);
	dn_net_free(&n);
}

/* Training: 24 d-NGD updates of batch 250 at rate 300 on the first 3000 Fashion-MNIST training images (double
 * build): the test loss on 1000 test images falls below 0.8 of its start, the last 8 updates' mean training loss
 * below 0.75 of the first 8's, every sign-constrained weight stays >= 0, every parameter finite, no guard fires. */
Test(dann_fisher, short_training_learns_and_keeps_signs)
{
	char err[INB_ERRLEN];
	struct fmnist tr = { 0 }, te = { 0 };
	const char *dir = fmnist_resolve_dir(NULL);
	cr_assert_eq(fmnist_load(dir, FMNIST_TRAIN, &tr, err), INB_OK, "%s", err);
	cr_assert_eq(fmnist_load(dir, FMNIST_TEST, &te, err), INB_OK, "%s", err);
	const size_t B = DN_BATCH_NGD, ntrain = 3000, ntest = 1000;
	real *x = malloc(ntrain * FMNIST_PIXELS * sizeof *x), *xt = malloc(ntest * FMNIST_PIXELS * sizeof *xt);
	for (size_t i = 0; i < ntrain * FMNIST_PIXELS; i++)
		x[i] = (real)tr.pixels[i] / 255;
	for (size_t i = 0; i < ntest * FMNIST_PIXELS; i++)
		xt[i] = (real)te.pixels[i] / 255;
	struct dn_net n;
	struct dn_ws ws, ews;
	struct dn_fisher f;
	const struct dn_model *m = dn_model_find("dann-ngd");
	cr_assert_eq(m->batch, DN_BATCH_NGD);
	cr_assert_eq(m->lr, 300);
	cr_assert_eq(dn_net_alloc(&n, m, FMNIST_PIXELS, 0, FMNIST_CLASSES, 0, 1, 0.286, err), INB_OK, "%s", err);
	cr_assert_eq(n.L[0].ni, 1);
	cr_assert_eq(dn_ws_alloc(&ws, &n, B, err), INB_OK, "%s", err);
	cr_assert_eq(dn_ws_alloc(&ews, &n, ntest, err), INB_OK, "%s", err);
	cr_assert_eq(dn_fisher_alloc(&f, &n, B, err), INB_OK, "%s", err);
	dn_forward(&n, &ews, ntest, xt);
	const double test0 = dn_loss(&n, &ews, ntest, te.labels, NULL, NULL);
	gsl_rng *r = rng_stream_alloc(RNG_DANN_FISHER, 1, 1, 0, 0);
	const int U = 24;
	double loss[24];
	long negative = 0, nonfinite = 0, guards = 0;
	for (int u = 0; u < U; u++) {
		const size_t b0 = (size_t)u * B % ntrain;
		long wrong = 0;
		loss[u] = dn_fisher_train_step(&n, &ws, &f, B, x + b0 * FMNIST_PIXELS, tr.labels + b0, m->lr, r, &wrong);
		for (int k = 0; k < n.ntensors; k++) {
			const struct dn_tensor *T = &n.T[k];
			for (size_t i = 0; i < T->len; i++)
				negative += T->clamp && T->p[i] < 0, nonfinite += !isfinite(T->p[i]);
		}
		for (int l = 0; l < DN_LAYERS; l++)
			guards += f.guard[l];
	}
	gsl_rng_free(r);
	dn_forward(&n, &ews, ntest, xt);
	long wrong = 0;
	const double test1 = dn_loss(&n, &ews, ntest, te.labels, &wrong, NULL);
	/* rate 300 on the normalised inverse makes single updates noisy (the paper's config, MNIST): means of 8 */
	double first = 0, last = 0;
	for (int u = 0; u < 8; u++)
		first += loss[u] / 8, last += loss[U - 1 - u] / 8;
	cr_expect_eq(negative, 0, "%ld sign-constrained weights below 0", negative);
	cr_expect_eq(nonfinite, 0, "%ld parameters not finite", nonfinite);
	cr_expect_eq(guards, 0, "%ld corrected entries were not finite", guards);
	cr_expect(test1 < 0.8 * test0, "test loss %.4f after %d updates, %.4f before", test1, U, test0);
	cr_expect(last < 0.75 * first, "training loss %.4f over the last 8 updates, %.4f over the first 8", last, first);
	size_t layer1 = 0;
	for (int k = 0; k < n.ntensors; k++)
		layer1 += n.T[k].layer == 0 ? n.T[k].len : 0;
	measure("dann-ngd training, %d updates of batch %zu at rate %g: test loss %.3f -> %.3f (error %.1f%%), training "
		"loss of the first / last 8 updates %.3f / %.3f; ||D_WEE|| of layer 1 %.3g, entries below the damping "
		"%ld of %zu", U, B, m->lr, test0, test1, 100.0 * (double)wrong / (double)ntest, first, last, f.dnorm[0],
		f.floor[0], layer1);
	free(x), free(xt);
	dn_fisher_free(&f);
	dn_ws_free(&ws), dn_ws_free(&ews);
	dn_net_free(&n);
	fmnist_free(&tr), fmnist_free(&te);
}

/* `dann-train --model dann-ngd`: batch 250 and rate 300 from the model, the second kind of run file with the Fisher
 * statistics, read back strictly; the model learns; the summary reads its runs. */
Test(dann_cli, ngd_run_file_and_learning)
{
	char *dir = tu_mkdtemp(), args[1024], out[8192], path[600], err[INB_ERRLEN];
	snprintf(path, sizeof path, "%s/runs/dann-ngd/seed-1.tsv", dir);
	snprintf(args, sizeof args, "mkdir -p %s/runs/dann-ngd", dir);
	cr_assert_eq(system(args), 0);
	snprintf(args, sizeof args, "dann-train --model dann-ngd --epochs 2 --train-limit 1000 --test-limit 300 "
		 "--eval-every 2 --out %s", path);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	struct runfile rf;
	cr_assert_eq(dn_runfile_read(path, &rf, err), INB_OK, "%s", err);
	cr_expect_eq(rf.schema, &dn_run_stats_schema);
	char v[256];
	cr_assert(!runfile_meta(&rf, "batch", v, sizeof v) && !strcmp(v, "250"), "batch %s", v);
	cr_assert(!runfile_meta(&rf, "lr", v, sizeof v) && !strcmp(v, "300"), "lr %s", v);
	cr_assert(!runfile_meta(&rf, "corrections", v, sizeof v) && strstr(v, "Algorithm 4"), "corrections %s", v);
	/* 4 updates per epoch, evaluated every 2, at each epoch's end and after the last five: 0, 2, 4, 5, 6, 7, 8 */
	cr_expect_eq(rf.rows, 7, "%ld rows", rf.rows);
	const int ct = runfile_column(&rf, "test_err"), cn = runfile_column(&rf, "dinv_norm_l1"),
		  cf = runfile_column(&rf, "dinv_floor_l4"), cg = runfile_column(&rf, "guard_l2");
	cr_assert(ct >= 0 && cn >= 0 && cf >= 0 && cg >= 0, "the Fisher columns are missing");
	cr_expect(runfile_column(&rf, "clipped_l1") < 0 && runfile_column(&rf, "lr_scale_l1") < 0);
	cr_expect(isnan(runfile_value(&rf, 0, cn)), "a normaliser before the first update");
	for (long r = 1; r < rf.rows; r++) {
		cr_expect(runfile_value(&rf, r, cn) > 0 && isfinite(runfile_value(&rf, r, cn)), "row %ld", r);
		cr_expect(runfile_value(&rf, r, cf) >= 0 && runfile_value(&rf, r, cg) == 0, "row %ld", r);
	}
	cr_expect(runfile_value(&rf, rf.rows - 1, ct) < runfile_value(&rf, 0, ct) - 20, "test error %g -> %g",
		  runfile_value(&rf, 0, ct), runfile_value(&rf, rf.rows - 1, ct));
	runfile_free(&rf);
	snprintf(args, sizeof args, "dann-summary --runs %s/runs --scale t --models dann-ngd --seeds 1 --out-dir %s", dir,
		 dir);
	cr_expect_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	/* the same run again: identical outside the timing columns (its sampling stream is seeded like the shuffles) */
	snprintf(args, sizeof args, "dann-train --model dann-ngd --epochs 2 --train-limit 1000 --test-limit 300 "
		 "--eval-every 2 --out %s/again.tsv && %s runcompare %s %s/again.tsv", dir, tu_bin(), path, dir);
	cr_expect_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_expect(strstr(out, "identical"), "%s", out);
}
