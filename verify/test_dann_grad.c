/* test_dann_grad.c: the gradients of the DANN paper's networks against finite differences of their loss, through
 * dn_forward, dn_loss and dn_backward as training calls them (DANN paper Eq. 1, Appendix D; paper/dann-2-danns.md),
 * and the update rules around them: Algorithm 3's factors on a constructed case and Algorithm 2's projection.
 * Double build. Tiny networks (7 inputs, width 6, 3 outputs, batch 5) so that every parameter is checked: W^EE, W^IE,
 * W^EI, alpha, g and beta of every DANN layer (2 inhibitory units, and the 1i variant), W^+ and b of ColumnEi, W, b
 * and g of the LayerNorm and BatchNorm MLPs, W and b of the MLP. */
#include "dann/dann_net.h"
#include "core/rng.h"
#include "measure.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define T_IN 7
#define T_WIDTH 6
#define T_OUT 3
#define T_BATCH 5
#define T_NI 2
/* Central-difference step: truncation h^2 |L'''| / 6 ~ 2e-11 and rounding eps |L| / h ~ 2e-11 balance near here. */
#define T_STEP 1e-5
/* Hidden pre-activations start at least this far from 0; a step of 1e-5 moves one by far less, so no ReLU changes
 * side (a difference that still does is detected and the test fails on the count). */
#define T_MARGIN 1e-3
/* Gradients below this fraction of the largest in their tensor are judged on that scale (their own relative error
 * would measure only rounding, ~1e-11 absolute). */
#define T_FLOOR 1e-3
/* Relative error per parameter: the difference's own errors are ~1e-11 absolute against gradients >= ~1e-5 after
 * the floor, i.e. <= 1e-6; a wrong sign or a missing term is O(1). */
#define T_TOL 1e-5

struct gnet {
	struct dn_net n;
	struct dn_ws ws;
	real x[T_BATCH * T_IN];
	uint8_t y[T_BATCH];
};

static int hidden_pattern(const struct gnet *g, unsigned char *pat, double *minabs)
{
	size_t k = 0;
	int changed = 0;
	double m = INFINITY;
	for (int l = 0; l < DN_LAYERS - 1; l++)
		for (size_t i = 0; i < T_BATCH * g->n.L[l].n; i++, k++) {
			unsigned char s = g->ws.a[l].z[i] > 0;
			if (minabs)
				pat[k] = s;
			else if (pat[k] != s)
				changed = 1;
			m = fmin(m, fabs((double)g->ws.a[l].z[i]));
		}
	if (minabs)
		*minabs = m;
	return changed;
}

/* Share of active units of the last forward in the least active and the most active hidden layer. */
static void active_range(const struct gnet *g, double *lo, double *hi)
{
	*lo = 1, *hi = 0;
	for (int l = 0; l < DN_LAYERS - 1; l++) {
		size_t on = 0, len = T_BATCH * g->n.L[l].n;
		for (size_t i = 0; i < len; i++)
			on += g->ws.a[l].z[i] > 0;
		*lo = fmin(*lo, (double)on / (double)len), *hi = fmax(*hi, (double)on / (double)len);
	}
}

/* Builds model id with ni inhibitory units, moves its parameters off the initialisation (non-negative tensors
 * times exp(0.2 xi), the others + 0.2 xi), draws a batch; keeps the first draw (of parameters and batch) in which
 * no hidden pre-activation lies within T_MARGIN of 0 and every hidden layer has between 20% and 80% of its units
 * active, so that every parameter has a gradient to check (a tiny layer can start all below threshold). */
static void gnet_build(struct gnet *g, const char *id, size_t ni, uint64_t seed, unsigned char *pat)
{
	char err[INB_ERRLEN];
	const struct dn_model *m = dn_model_find(id);
	cr_assert(m, "no model %s", id);
	gsl_rng *r = rng_stream_alloc(RNG_TEST, seed, 0x646e, 0, 0);
	for (int draws = 0;; draws++) {
		cr_assert(draws < 500, "%s: no draw without a pre-activation near 0 and with active units", id);
		cr_assert_eq(dn_net_alloc(&g->n, m, T_IN, T_WIDTH, T_OUT, ni, seed + (uint64_t)draws, 0.3, err), INB_OK,
			     "%s", err);
		cr_assert_eq(dn_ws_alloc(&g->ws, &g->n, T_BATCH, err), INB_OK, "%s", err);
		for (int t = 0; t < g->n.ntensors; t++) {
			const struct dn_tensor *T = &g->n.T[t];
			for (size_t i = 0; i < T->len; i++) {
				double xi = gsl_ran_gaussian(r, 1);
				T->p[i] = T->clamp ? T->p[i] * (real)exp(0.2 * xi) : T->p[i] + (real)(0.2 * xi);
			}
		}
		for (size_t i = 0; i < T_BATCH * T_IN; i++)
			g->x[i] = (real)gsl_rng_uniform(r);
		for (size_t i = 0; i < T_BATCH; i++)
			g->y[i] = (uint8_t)gsl_rng_uniform_int(r, T_OUT);
		dn_forward(&g->n, &g->ws, T_BATCH, g->x);
		double minabs, lo, hi;
		hidden_pattern(g, pat, &minabs);
		active_range(g, &lo, &hi);
		if (minabs >= T_MARGIN && lo >= 0.2 && hi <= 0.8)
			break;
		dn_ws_free(&g->ws);
		dn_net_free(&g->n);
	}
	gsl_rng_free(r);
}

static double loss_at(struct gnet *g, const unsigned char *pat, int *kink)
{
	dn_forward(&g->n, &g->ws, T_BATCH, g->x);
	*kink |= hidden_pattern(g, (unsigned char *)pat, NULL);
	return dn_loss(&g->n, &g->ws, T_BATCH, g->y, NULL, NULL);
}

/* Checks every parameter of model id; returns the largest relative error. */
static double check_model(const char *id, size_t ni, uint64_t seed)
{
	struct gnet g;
	unsigned char pat[(DN_LAYERS - 1) * T_BATCH * T_WIDTH];
	gnet_build(&g, id, ni, seed, pat);
	dn_forward(&g.n, &g.ws, T_BATCH, g.x);
	dn_loss(&g.n, &g.ws, T_BATCH, g.y, NULL, g.ws.dz);
	dn_backward(&g.n, &g.ws, T_BATCH, g.x);
	real *grad = malloc(g.n.nparams * sizeof *grad);
	memcpy(grad, g.n.grads, g.n.nparams * sizeof *grad);
	double worst = 0, minscale = INFINITY;
	size_t checked = 0;
	int kinks = 0;
	for (int t = 0; t < g.n.ntensors; t++) {
		const struct dn_tensor *T = &g.n.T[t];
		const real *a = grad + (T->p - g.n.params);
		double *fd = malloc(T->len * sizeof *fd), scale = 0, terr = 0;
		for (size_t i = 0; i < T->len; i++) {
			real keep = T->p[i];
			int kink = 0;
			T->p[i] = keep + (real)T_STEP;
			double lp = loss_at(&g, pat, &kink);
			T->p[i] = keep - (real)T_STEP;
			double lm = loss_at(&g, pat, &kink);
			T->p[i] = keep;
			fd[i] = (lp - lm) / (2 * T_STEP);
			scale = fmax(scale, fabs(fd[i]));
			kinks += kink;
		}
		/* a tensor whose gradient vanishes (dead units) would pass without testing anything */
		cr_expect(scale > 1e-6, "%s layer %d %s: largest |gradient| %.3g, nothing to check", id, T->layer, T->name,
			  scale);
		minscale = fmin(minscale, scale);
		for (size_t i = 0; i < T->len; i++) {
			double den = fmax(fmax(fabs((double)a[i]), fabs(fd[i])), fmax(T_FLOOR * scale, 1e-8));
			double e = fabs((double)a[i] - fd[i]) / den;
			cr_expect(e < T_TOL, "%s layer %d %s[%zu]: analytic %.10g, finite difference %.10g (rel err %.3g)", id,
				  T->layer, T->name, i, (double)a[i], fd[i], e);
			terr = fmax(terr, e);
			checked++;
		}
		worst = fmax(worst, terr);
		free(fd);
	}
	cr_expect_eq(kinks, 0, "%s: %d differences crossed a ReLU kink", id, kinks);
	measure("dann gradcheck %-8s (ni %zu): %zu parameters in %d tensors, max rel err %.2g (tol %g); smallest "
		"largest-|gradient| of a tensor %.2g", id, g.n.L[0].ni, checked, g.n.ntensors, worst, T_TOL, minscale);
	free(grad);
	dn_ws_free(&g.ws);
	dn_net_free(&g.n);
	return worst;
}

Test(dann_grad, dann_every_parameter)
{
	check_model("dann", T_NI, 2385);
}

Test(dann_grad, dann_one_inhibitory_unit)
{
	check_model("dann-1i", 0, 2386);
}

Test(dann_grad, columnei_every_parameter)
{
	check_model("colei", T_NI, 2387);
}

Test(dann_grad, layernorm_every_parameter)
{
	check_model("ln", 0, 2388);
}

Test(dann_grad, batchnorm_every_parameter)
{
	check_model("bn", 0, 2389);
}

Test(dann_grad, mlp_every_parameter)
{
	check_model("mlp", 0, 2390);
}

/* Algorithm 3 on a constructed case: layers of different n_e and d (7 -> 6 -> 6 -> 6 -> 3), every gradient set to a
 * distinct value; after dn_correct, W^IE's is divided by sqrt(n_e), W^EI's by d, alpha's by d sqrt(n_e), with that
 * layer's n_e and d (6 and 7 in the first layer, 3 and 6 in the output layer), and W^EE's, g's, beta's unchanged. */
Test(dann_grad, algorithm3_factors)
{
	char err[INB_ERRLEN];
	struct dn_net n;
	cr_assert_eq(dn_net_alloc(&n, dn_model_find("dann"), T_IN, T_WIDTH, T_OUT, T_NI, 1, 0.3, err), INB_OK);
	for (size_t i = 0; i < n.nparams; i++)
		n.grads[i] = (real)(1.375 + 0.01 * (double)i);
	dn_correct(&n);
	size_t seen = 0;
	for (int t = 0; t < n.ntensors; t++) {
		const struct dn_tensor *T = &n.T[t];
		const struct dn_layer *L = &n.L[T->layer];
		const double ne = (double)L->n, d = (double)L->d;
		double f = !strcmp(T->name, "wix") ? 1 / sqrt(ne) : !strcmp(T->name, "wei") ? 1 / d
			 : !strcmp(T->name, "alpha") ? 1 / (d * sqrt(ne)) : 1;
		for (size_t i = 0; i < T->len; i++) {
			double want = (double)(real)(1.375 + 0.01 * (double)(T->g + i - n.grads)) * f;
			cr_assert(fabs((double)T->g[i] - want) <= 1e-15 * fabs(want), "layer %d %s[%zu]: %.17g, expected %.17g "
				  "(factor %.6g)", T->layer, T->name, i, (double)T->g[i], want, f);
			seen += f != 1;
		}
	}
	/* W^IE, W^EI and alpha of all four layers: 2*7+6*2+2 + 2*(2*6+6*2+2) + (1*6+3*1+1) */
	cr_assert_eq(seen, (size_t)(28 + 2 * 26 + 10), "%zu corrected values", seen);
	measure("dann Algorithm 3: layer 1 (n_e 6, d 7) and output (n_e 3, d 6) factors 1/sqrt(n_e), 1/d, 1/(d sqrt(n_e)) "
		"applied to %zu values exactly", seen);
	dn_net_free(&n);
}

/* Algorithm 2: theta - lr grad, then W^EE, W^IE, W^EI and g projected to >= 0; alpha and beta may go negative. */
Test(dann_grad, algorithm2_projection)
{
	char err[INB_ERRLEN];
	struct dn_net n;
	cr_assert_eq(dn_net_alloc(&n, dn_model_find("dann"), T_IN, T_WIDTH, T_OUT, T_NI, 1, 0.3, err), INB_OK);
	for (size_t i = 0; i < n.nparams; i++)
		n.params[i] = 0.25, n.grads[i] = i % 2 ? 1.5 : -1.5;
	dn_step(&n, 0.5);
	for (int t = 0; t < n.ntensors; t++) {
		const struct dn_tensor *T = &n.T[t];
		int want_clamp = strcmp(T->name, "b") && strcmp(T->name, "alpha");
		cr_assert_eq(T->clamp, want_clamp, "layer %d %s", T->layer, T->name);
		for (size_t i = 0; i < T->len; i++) {
			size_t k = (size_t)(T->p + i - n.params);
			double raw = 0.25 - 0.5 * (k % 2 ? 1.5 : -1.5);
			cr_assert_eq((double)T->p[i], want_clamp && raw < 0 ? 0 : raw, "layer %d %s[%zu]", T->layer, T->name, i);
		}
	}
	dn_net_free(&n);
}

/* Full size (784 -> 500 -> 500 -> 500 -> 10, batch 8, at the initialisation of each model): the gradient's
 * projection on 3 random unit directions against a central difference of the loss along them. The step, 1e-7 along
 * a unit vector, moves a pre-activation by ~1e-6, so few of the 12 000 hidden ones cross 0 (a direction that makes
 * one cross is drawn again, counted); rounding of the difference is ~2 eps |L| / h ~ 1e-8 and truncation ~h^2 is
 * nothing, against projections of ~1e-3: a relative tolerance of 1e-4 is 10 times the rounding, a wrong term O(1). */
#define F_BATCH 8
#define F_STEP 1e-7
#define F_TOL 1e-4
Test(dann_grad, full_size_random_directions)
{
	const char *const ids[] = { "dann", "dann-1i", "colei", "ln", "bn" };
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 0x6664, 1, 0, 0);
	for (size_t m = 0; m < sizeof ids / sizeof ids[0]; m++) {
		char err[INB_ERRLEN];
		struct dn_net n;
		struct dn_ws ws;
		cr_assert_eq(dn_net_alloc(&n, dn_model_find(ids[m]), DN_INPUTS, 0, DN_OUTPUTS, 0, 5 + m, 0.2860, err), INB_OK);
		cr_assert_eq(dn_ws_alloc(&ws, &n, F_BATCH, err), INB_OK);
		real *x = malloc(F_BATCH * DN_INPUTS * sizeof *x), *g = malloc(n.nparams * sizeof *g);
		double *u = malloc(n.nparams * sizeof *u);
		uint8_t y[F_BATCH];
		for (size_t i = 0; i < F_BATCH * DN_INPUTS; i++)
			x[i] = (real)gsl_rng_uniform(r);
		for (size_t i = 0; i < F_BATCH; i++)
			y[i] = (uint8_t)gsl_rng_uniform_int(r, DN_OUTPUTS);
		dn_forward(&n, &ws, F_BATCH, x);
		dn_loss(&n, &ws, F_BATCH, y, NULL, ws.dz);
		dn_backward(&n, &ws, F_BATCH, x);
		memcpy(g, n.grads, n.nparams * sizeof *g);
		size_t nh = 0;
		for (int l = 0; l < DN_LAYERS - 1; l++)
			nh += F_BATCH * n.L[l].n;
		unsigned char *pat = malloc(nh), *pat2 = malloc(nh);
		for (int l = 0, k = 0; l < DN_LAYERS - 1; l++)
			for (size_t i = 0; i < F_BATCH * n.L[l].n; i++)
				pat[k++] = ws.a[l].z[i] > 0;
		real *p0 = malloc(n.nparams * sizeof *p0);
		memcpy(p0, n.params, n.nparams * sizeof *p0);
		double worst = 0;
		int redraws = 0;
		for (int d = 0; d < 3; d++) {
			double norm = 0, an = 0, L[2];
			for (size_t i = 0; i < n.nparams; i++)
				u[i] = gsl_ran_gaussian(r, 1), norm += u[i] * u[i];
			for (size_t i = 0; i < n.nparams; i++)
				u[i] /= sqrt(norm), an += u[i] * (double)g[i];
			int kink = 0;
			for (int s = 0; s < 2; s++) {
				for (size_t i = 0; i < n.nparams; i++)
					n.params[i] = (real)((double)p0[i] + (s ? -F_STEP : F_STEP) * u[i]);
				dn_forward(&n, &ws, F_BATCH, x);
				L[s] = dn_loss(&n, &ws, F_BATCH, y, NULL, NULL);
				for (int l = 0, k = 0; l < DN_LAYERS - 1; l++)
					for (size_t i = 0; i < F_BATCH * n.L[l].n; i++)
						pat2[k++] = ws.a[l].z[i] > 0;
				kink |= memcmp(pat, pat2, nh) != 0;
			}
			memcpy(n.params, p0, n.nparams * sizeof *p0);
			if (kink) {
				cr_assert(++redraws < 20, "%s: every direction crosses a kink", ids[m]);
				d--;
				continue;
			}
			double fd = (L[0] - L[1]) / (2 * F_STEP), rel = fabs(an - fd) / fmax(fabs(fd), 1e-12);
			cr_expect(rel < F_TOL, "%s direction %d: grad.u %.12g, finite difference %.12g (rel %.3g)", ids[m], d, an,
				  fd, rel);
			worst = fmax(worst, rel);
		}
		measure("dann gradcheck %-8s full size (%zu parameters, batch %d): worst of 3 directions rel err %.2g (tol "
			"%g); %d directions redrawn at kinks", ids[m], n.nparams, F_BATCH, worst, F_TOL, redraws);
		free(x), free(g), free(u), free(pat), free(pat2), free(p0);
		dn_ws_free(&ws);
		dn_net_free(&n);
	}
	gsl_rng_free(r);
}
