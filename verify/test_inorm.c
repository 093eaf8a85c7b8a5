/* test_inorm.c: I-Norm networks (paper §2.2-2.5, §4.3; (2.2.1)-(2.2.7), (4.3.6)), in the double build:
 *   - at initialisation the I-Norm layer's output is LN of its excitatory drive;
 *   - the U^IE := W initialisation and the authors' SVD initialisation give the same forward pass and the same
 *     trajectory over several steps (GSL's SVD as the oracle);
 *   - one full training step of every I-Norm model equals an independent step computed the long way here, with
 *     naive loops over the formulas (2.2.1)-(2.2.6), (2.3.2), (2.4.1)-(2.4.3), (2.5.1) (forward, local loss,
 *     stop-gradients, GradNorm, update);
 *   - the local-loss gradients match central finite differences of each layer's local loss;
 *   - the task gradients match finite differences of the task loss with the inhibition held constant (the
 *     function the stop-gradients define), for the models without GradNorm;
 *   - frozen parameters never change; the task loss never writes W^IE or U^IE, the local loss never W^EE or b. */
#include "inorm/gradnorm.h"
#include "inorm/layernorm.h"
#include "inorm/net.h"
#include "inorm/train.h"
#include "inorm_reference.h"

#include <criterion/criterion.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NIN REF_NIN
#define W REF_W
#define NOUT REF_NOUT
#define B REF_B


static struct net tiny(const char *id, double lambda)
{
	struct net n;
	char err[INB_ERRLEN];
	struct net_opts o = { .width = W, .n_in = NIN, .n_out = NOUT, .lr = 0.05, .lr_wix = 0.3, .lr_wei = 0.02,
			      .label_smoothing = 0.1, .lambda = lambda, .seed = 2, .config = 5 };
	cr_assert_eq(net_alloc(&n, model_find(id), &o, err), INB_OK, "%s", err);
	/* move away from the exactly balanced initial point, keeping Dale's signs */
	for (size_t i = 0; i < n.nparams; i++)
		n.params[i] = fabs(n.params[i] + 0.07 * sin(1.3 * (double)i + 0.4));
	for (int l = 0; l < 2; l++)
		if (n.in[l].bix)
			for (size_t i = 0; i < n.layer[l].ne * n.layer[l].d; i++)
				n.in[l].bix[i] += 0.05 * cos(0.7 * (double)i); /* U^IE has no sign constraint */
	return n;
}

static void inputs(real *x, uint8_t *lab)
{
	for (int i = 0; i < B * NIN; i++)
		x[i] = 0.5 + 0.5 * sin(2.385 * i + 0.3);
	for (int b = 0; b < B; b++)
		lab[b] = (uint8_t)((b * 2 + 1) % NOUT);
}

static void check_step(const char *id)
{
	struct net n = tiny(id, 0.3);
	struct net_ws ws;
	char err[INB_ERRLEN];
	cr_assert_eq(net_ws_alloc(&ws, &n, B, err), INB_OK);
	real x[B * NIN], *want = malloc(n.nparams * sizeof *want);
	uint8_t lab[B];
	inputs(x, lab);
	ref_step(&n, x, lab, want);
	long correct = 0;
	struct sgd_opts so = { 0, 0 };
	train_step(&n, &ws, B, x, lab, &so, &correct, NULL);
	for (size_t i = 0; i < n.nparams; i++)
		cr_assert(fabs(n.params[i] - want[i]) < 1e-13 * (1 + fabs(want[i])),
			  "%s: parameter %zu is %.17g after the step, the long way gives %.17g", id, i, n.params[i],
			  want[i]);
	free(want);
	net_ws_free(&ws);
	net_free(&n);
}

/* 1e-13: both sides sum the same few dozen double terms in different orders */
Test(inorm, one_step_the_long_way_inorm) { check_step("inorm"); }
Test(inorm, one_step_the_long_way_full) { check_step("inorm-full"); }
Test(inorm, one_step_the_long_way_center) { check_step("inorm-center"); }
Test(inorm, one_step_the_long_way_scale) { check_step("inorm-scale"); }
Test(inorm, one_step_the_long_way_decorrelate) { check_step("inorm-decorrelate"); }
Test(inorm, one_step_the_long_way_lateral) { check_step("inorm-lateral"); }
Test(inorm, one_step_the_long_way_sub) { check_step("inorm-sub"); }

/* ---- finite differences ----------------------------------------------------------------------------------- */

/* Central differences of layer l's local loss with respect to its own W^IE and U^IE (sub-only: W^IE, W^EI); the
 * input of layer 1 is held at the base forward's value, as the authors' graph cut does. */
static void check_local_fd(const char *id)
{
	struct net n = tiny(id, 0.7);
	struct net_ws ws;
	char err[INB_ERRLEN];
	cr_assert_eq(net_ws_alloc(&ws, &n, B, err), INB_OK);
	real x[B * NIN], h0[B * W];
	uint8_t lab[B];
	inputs(x, lab);
	net_forward(&n, &ws, B, x);
	net_local(&n, &ws, B, x, NULL);
	memcpy(h0, ws.h[0], sizeof h0);
	const double h = 1e-6;
	double worst = 0;
	for (int l = 0; l < 2; l++) {
		struct inorm_layer *il = &n.in[l];
		const real *in = l ? h0 : x;
		real *ps[2] = { il->e.wix, il->divisive ? il->bix : il->e.wei };
		real *gs[2] = { il->e.gwix, il->divisive ? il->gbix : il->e.gwei };
		size_t cnt[2] = { il->e.ni * il->e.d, il->divisive ? il->e.ne * il->e.d : il->e.ne * il->e.ni };
		real *gcopy = malloc((cnt[0] + cnt[1]) * sizeof *gcopy);
		memcpy(gcopy, gs[0], cnt[0] * sizeof *gcopy);
		memcpy(gcopy + cnt[0], gs[1], cnt[1] * sizeof *gcopy);
		for (int t = 0; t < 2; t++)
			for (size_t i = 0; i < cnt[t]; i++) {
				real keep = ps[t][i];
				ps[t][i] = keep + h;
				inorm_layer_forward(il, B, in, &ws.iw[l], 0);
				double lp = inorm_layer_local(il, B, in, &ws.iw[l], NULL);
				ps[t][i] = keep - h;
				inorm_layer_forward(il, B, in, &ws.iw[l], 0);
				double lm = inorm_layer_local(il, B, in, &ws.iw[l], NULL);
				ps[t][i] = keep;
				double fd = (lp - lm) / (2 * h), an = gcopy[(t ? cnt[0] : 0) + i];
				double e = fabs(fd - an) / (fabs(fd) + fabs(an) + 1e-9);
				worst = fmax(worst, e);
				/* 1e-6: central differences with h = 1e-6 carry O(h^2) truncation and ~1e-10 rounding */
				cr_assert(e < 1e-6, "%s layer %d tensor %d entry %zu: fd %.10g analytic %.10g", id, l, t, i, fd,
					  an);
			}
		free(gcopy);
	}
	net_ws_free(&ws);
	net_free(&n);
}

Test(inorm, local_gradients_match_finite_differences) { check_local_fd("inorm"); }
Test(inorm, local_gradients_match_finite_differences_sub) { check_local_fd("inorm-sub"); }

/* Task gradients of W^EE and b (hidden) and of every output parameter against central differences of the task
 * loss with the inhibition of both hidden layers held (ws.hold): the stop-gradient semantics of (2.2.6). */
static void check_task_fd(const char *id)
{
	struct net n = tiny(id, 0.1);
	struct net_ws ws;
	char err[INB_ERRLEN];
	cr_assert_eq(net_ws_alloc(&ws, &n, B, err), INB_OK);
	real x[B * NIN];
	uint8_t lab[B];
	inputs(x, lab);
	long c = 0;
	net_forward(&n, &ws, B, x);
	net_loss(&n, &ws, B, lab, &c, ws.ds);
	net_backward(&n, &ws, B, x);
	real *g = malloc(n.nparams * sizeof *g);
	memcpy(g, n.grads, n.nparams * sizeof *g);
	ws.hold = 1;
	const double h = 1e-6;
	int checked = 0;
	for (int grp = 0; grp < NET_GROUPS; grp++) {
		const struct param_group *G = &n.group[grp];
		for (size_t i = 0; i < G->n; i++) {
			real *p = G->p + i;
			/* hidden W^IE, U^IE (and sub-only W^EI) belong to the local loss; only the output's are task's */
			int output = (p >= n.layer[2].wex && p < n.layer[2].wex + n.layer[2].ne * n.layer[2].d) ||
				     (p >= n.layer[2].b && p < n.layer[2].b + n.layer[2].ne) ||
				     (p >= n.layer[2].wix && p < n.layer[2].wix + n.layer[2].d) ||
				     (p >= n.layer[2].wei && p < n.layer[2].wei + n.layer[2].ne);
			if (!output && grp != G_WEX && grp != G_BIAS)
				continue;
			real keep = *p;
			*p = keep + h;
			net_forward(&n, &ws, B, x);
			double lp = net_loss(&n, &ws, B, lab, &c, NULL);
			*p = keep - h;
			net_forward(&n, &ws, B, x);
			double lm = net_loss(&n, &ws, B, lab, &c, NULL);
			*p = keep;
			double fd = (lp - lm) / (2 * h), an = g[p - n.params];
			double e = fabs(fd - an) / (fabs(fd) + fabs(an) + 1e-9);
			cr_assert(e < 1e-6, "%s group %s entry %zu: fd %.10g analytic %.10g", id, G->name, i, fd, an);
			checked++;
		}
	}
	cr_assert(checked > 100, "only %d parameters checked", checked);
	free(g);
	net_ws_free(&ws);
	net_free(&n);
}

Test(inorm, task_gradients_match_finite_differences_with_inhibition_held) { check_task_fd("inorm"); }
Test(inorm, task_gradients_match_finite_differences_sub) { check_task_fd("inorm-sub"); }

/* ---- initialisation ---------------------------------------------------------------------------------------- */

static struct net full_size(const char *id, long width)
{
	struct net n;
	char err[INB_ERRLEN];
	struct net_opts o = { .width = width, .lr = 0.01, .lr_wix = 0.3, .lr_wei = 0.003, .label_smoothing = 0.1,
			      .lambda = 0.01, .seed = 42, .config = 13 };
	cr_assert_eq(net_alloc(&n, model_find(id), &o, err), INB_OK, "%s", err);
	return n;
}

static void gauss_inputs(real *x, size_t n, unsigned seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	for (size_t i = 0; i < n; i++)
		x[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
	gsl_rng_free(r);
}

/* As in the authors' unit test of the layer (their EIDenseLayerDecoupledHomeostasis_test.py): per-sample output mean
 * 0 and variance 1, and Z = LN(x W_ex^T) at initialisation, on N(0,1) inputs */
Test(inorm, output_is_layernorm_of_drive_at_init)
{
	struct net n = full_size("inorm", 500);
	struct net_ws ws;
	char err[INB_ERRLEN];
	cr_assert_eq(net_ws_alloc(&ws, &n, B, err), INB_OK);
	real *x = malloc(B * 784 * sizeof *x), *drive = malloc(B * 500 * sizeof *drive), *ln = malloc(500 * sizeof *ln);
	gauss_inputs(x, B * 784, 42);
	net_forward(&n, &ws, B, x);
	for (int b = 0; b < B; b++)
		for (int k = 0; k < 500; k++) {
			double s = 0;
			for (int i = 0; i < 784; i++)
				s += n.layer[0].wex[k * 784 + i] * x[b * 784 + i];
			drive[b * 500 + k] = s;
		}
	for (int b = 0; b < B; b++) {
		const real *z = ws.rec[0] + b * 500;
		layernorm_forward(500, drive + b * 500, ln);
		double m = 0, v = 0;
		for (int k = 0; k < 500; k++)
			m += z[k] / 500;
		for (int k = 0; k < 500; k++)
			v += (z[k] - m) * (z[k] - m) / 500;
		/* that test's tolerance (numpy allclose: atol 1e-6 + rtol 1e-5); exactly, the variance is
		 * var(S) / (var(S) + 1e-5), which we check to 1e-12 */
		double md = 0, vd = 0;
		for (int k = 0; k < 500; k++)
			md += drive[b * 500 + k] / 500;
		for (int k = 0; k < 500; k++)
			vd += (drive[b * 500 + k] - md) * (drive[b * 500 + k] - md) / 500;
		cr_assert(fabs(m) < 1e-6 && fabs(v - 1) < 1e-6 + 1e-5, "row %d: mean %g variance %g", b, m, v);
		cr_assert(fabs(v - vd / (vd + LN_EPS)) < 1e-12, "row %d: variance %.15g, expected %.15g", b, v,
			  vd / (vd + LN_EPS));
		for (int k = 0; k < 500; k++)
			cr_assert(fabs(z[k] - ln[k]) < 1e-6, "row %d unit %d: %g vs LN %g", b, k, z[k], ln[k]);
	}
	free(x), free(drive), free(ln);
	net_ws_free(&ws);
	net_free(&n);
}

/* The authors initialise U^IE = diag(S) V^T from the SVD W = U S V^T, i.e. U^T W; we use W. They differ by an
 * orthogonal factor, so the forward pass and the whole trajectory coincide. */
Test(inorm, svd_initialisation_gives_the_same_trajectory)
{
	const long w = 40;
	struct net a = full_size("inorm-full", w), b = full_size("inorm-full", w);
	for (int l = 0; l < 2; l++) {
		const size_t ne = (size_t)w, d = a.layer[l].d;
		/* W^T (d x ne) = U' S V'^T, so W = V' S U'^T and U^T W = S U'^T */
		gsl_matrix *wt = gsl_matrix_alloc(d, ne), *v = gsl_matrix_alloc(ne, ne);
		gsl_vector *s = gsl_vector_alloc(ne), *work = gsl_vector_alloc(ne);
		for (size_t i = 0; i < d; i++)
			for (size_t k = 0; k < ne; k++)
				gsl_matrix_set(wt, i, k, b.in[l].bix[k * d + i]);
		cr_assert_eq(gsl_linalg_SV_decomp(wt, v, s, work), 0);
		for (size_t k = 0; k < ne; k++)
			for (size_t i = 0; i < d; i++)
				b.in[l].bix[k * d + i] = gsl_vector_get(s, k) * gsl_matrix_get(wt, i, k);
		gsl_matrix_free(wt), gsl_matrix_free(v), gsl_vector_free(s), gsl_vector_free(work);
	}
	struct net_ws wa, wb;
	char err[INB_ERRLEN];
	cr_assert_eq(net_ws_alloc(&wa, &a, 32, err), INB_OK);
	cr_assert_eq(net_ws_alloc(&wb, &b, 32, err), INB_OK);
	real *x = malloc(32 * 784 * sizeof *x);
	uint8_t lab[32];
	struct sgd_opts so = { 0, 0 };
	long c = 0;
	for (int step = 0; step < 5; step++) {
		gauss_inputs(x, 32 * 784, 100 + step);
		for (int i = 0; i < 32 * 784; i++)
			x[i] = fabs(x[i]) * 0.3;
		for (int r = 0; r < 32; r++)
			lab[r] = (uint8_t)((r * 7 + step) % 10);
		double la = train_step(&a, &wa, 32, x, lab, &so, &c, NULL);
		double lb = train_step(&b, &wb, 32, x, lab, &so, &c, NULL);
		/* 1e-10: SVD reconstructs W to ~1e-15 relative; five steps amplify it mildly */
		cr_assert(fabs(la - lb) < 1e-10, "step %d: loss %.17g vs %.17g", step, la, lb);
		for (int l = 0; l < 2; l++)
			for (size_t k = 0; k < 32 * (size_t)w; k++)
				cr_assert(fabs(wa.rec[l][k] - wb.rec[l][k]) < 1e-10, "step %d layer %d: Z differs", step, l);
	}
	for (size_t i = 0; i < a.group[G_WEX].n; i++)
		cr_assert(fabs(a.group[G_WEX].p[i] - b.group[G_WEX].p[i]) < 1e-10, "W^EE %zu differs after 5 steps", i);
	free(x);
	net_ws_free(&wa), net_ws_free(&wb);
	net_free(&a), net_free(&b);
}

/* ---- what moves what ---------------------------------------------------------------------------------------- */

Test(inorm, frozen_parameters_never_change_and_losses_keep_to_their_parameters)
{
	struct net n = tiny("inorm-full", 0.5);
	struct net_ws ws;
	char err[INB_ERRLEN];
	cr_assert_eq(net_ws_alloc(&ws, &n, B, err), INB_OK);
	real x[B * NIN];
	uint8_t lab[B];
	inputs(x, lab);
	const struct param_group *F = &n.group[G_FROZEN];
	cr_assert_eq(F->n, 0, "the frozen group must not be stepped");
	size_t nfrozen = 2 * W * n.ni_hidden;
	real *frozen0 = malloc(nfrozen * sizeof *frozen0);
	memcpy(frozen0, F->p, nfrozen * sizeof *frozen0);
	cr_assert(F->p == n.layer[0].wei && n.layer[1].wei == F->p + W * n.ni_hidden);

	/* the local loss writes only the gradients of hidden W^IE and U^IE */
	for (size_t i = 0; i < n.nparams; i++)
		n.grads[i] = 7;
	net_forward(&n, &ws, B, x);
	net_local(&n, &ws, B, x, NULL);
	for (int l = 0; l < 3; l++) {
		for (size_t i = 0; i < n.layer[l].ne * n.layer[l].d; i++)
			cr_assert_eq(n.layer[l].gwex[i], 7, "local loss wrote dW^EE");
		for (size_t k = 0; k < n.layer[l].ne; k++)
			cr_assert_eq(n.layer[l].gb[k], 7, "local loss wrote db");
	}
	real *after_local = malloc(n.nparams * sizeof *after_local);
	memcpy(after_local, n.grads, n.nparams * sizeof *after_local);
	/* the task loss does not write hidden W^IE, W^EI or U^IE gradients */
	long c = 0;
	net_loss(&n, &ws, B, lab, &c, ws.ds);
	net_backward(&n, &ws, B, x);
	for (int l = 0; l < 2; l++) {
		const struct ei_layer *e = &n.layer[l];
		size_t o1 = e->gwix - n.grads, o2 = n.in[l].gbix - n.grads, o3 = e->gwei - n.grads;
		cr_assert(!memcmp(e->gwix, after_local + o1, e->ni * e->d * sizeof(real)), "task loss wrote dW^IE");
		cr_assert(!memcmp(n.in[l].gbix, after_local + o2, e->ne * e->d * sizeof(real)), "task loss wrote dU^IE");
		cr_assert(!memcmp(e->gwei, after_local + o3, e->ne * e->ni * sizeof(real)), "task loss wrote dW^EI");
	}
	/* ten steps: the frozen W^EI of the hidden layers never change */
	struct sgd_opts so = { 0, 0 };
	for (int s = 0; s < 10; s++)
		train_step(&n, &ws, B, x, lab, &so, &c, NULL);
	cr_assert(!memcmp(frozen0, F->p, nfrozen * sizeof *frozen0), "a frozen W^EI changed");
	free(frozen0), free(after_local);
	net_ws_free(&ws);
	net_free(&n);
}

/* With lambda = 0 the local loss is 0 and W^IE, U^IE stay where they are, while W^EE learns; with a zero task
 * learning rate W^EE and b stay while W^IE, U^IE move. */
Test(inorm, each_loss_moves_only_its_parameters)
{
	real x[B * NIN];
	uint8_t lab[B];
	inputs(x, lab);
	struct sgd_opts so = { 0, 0 };
	long c = 0;
	char err[INB_ERRLEN];
	struct net n = tiny("inorm", 0.0);
	struct net_ws ws;
	cr_assert_eq(net_ws_alloc(&ws, &n, B, err), INB_OK);
	real *p0 = malloc(n.nparams * sizeof *p0);
	memcpy(p0, n.params, n.nparams * sizeof *p0);
	train_step(&n, &ws, B, x, lab, &so, &c, NULL);
	for (int l = 0; l < 2; l++) {
		cr_assert(!memcmp(n.layer[l].wix, p0 + (n.layer[l].wix - n.params), n.layer[l].ni * NIN * sizeof(real)) ||
			  l, "W^IE moved without a local loss");
		cr_assert(!memcmp(n.in[l].bix, p0 + (n.in[l].bix - n.params), W * n.layer[l].d * sizeof(real)),
			  "U^IE moved without a local loss");
	}
	cr_assert(memcmp(n.layer[0].wex, p0 + (n.layer[0].wex - n.params), W * NIN * sizeof(real)), "W^EE did not learn");
	net_ws_free(&ws);
	net_free(&n);
	free(p0);
}

/* ---- alignment diagnostics, the long way ------------------------------------------------------------------ */

static double cosine(const double *a, const double *b, size_t n)
{
	double ab = 0, aa = 0, bb = 0;
	for (size_t i = 0; i < n; i++)
		ab += a[i] * b[i], aa += a[i] * a[i], bb += b[i] * b[i];
	return ab / sqrt(aa * bb);
}

static void check_alignment(const char *id)
{
	struct net n = tiny(id, 0.1);
	struct net_ws ws;
	char err[INB_ERRLEN];
	cr_assert_eq(net_ws_alloc(&ws, &n, B, err), INB_OK);
	real x[B * NIN];
	uint8_t lab[B];
	inputs(x, lab);
	net_forward(&n, &ws, B, x);
	double oa, ga;
	net_alignment(&n, &ws, B, x, &oa, &ga);
	double osum = 0, gsum = 0;
	for (int l = 0; l < 2; l++) {
		const size_t d = n.layer[l].d;
		const real *in = l ? ws.h[0] : x;
		double yr[B * W], zr[B * W], Gref[W * NIN > W * W ? W * NIN : W * W] = { 0 }, Gnet[sizeof Gref / sizeof *Gref] = { 0 };
		for (int b = 0; b < B; b++) {
			const real *z = ws.rec[l] + b * W;
			double m = 0, v = 0, y[W], dy[W], dref[W], g[W], gm[W], zz[W];
			for (int k = 0; k < W; k++)
				m += z[k] / W;
			for (int k = 0; k < W; k++)
				v += (z[k] - m) * (z[k] - m) / W;
			double sg = sqrt(v + 1e-5);
			for (int k = 0; k < W; k++) {
				y[k] = (z[k] - m) / sg;
				yr[b * W + k] = y[k] > 0 ? y[k] : 0;
				zr[b * W + k] = z[k] > 0 ? z[k] : 0;
				dy[k] = y[k] > 0;
				g[k] = z[k] > 0;
				zz[k] = z[k];
			}
			if (n.model->mode == GN_LATERAL) {
				ref_mode(GN_CENTER, g, zz, NULL, dref);
			} else {
				/* LN's exact Jacobian at z, applied as the explicit matrix (1/sigma)(I - 11^T/n - yy^T/n) */
				for (int k = 0; k < W; k++) {
					dref[k] = 0;
					for (int j = 0; j < W; j++)
						dref[k] += ((k == j) - 1.0 / W - y[k] * y[j] / W) * dy[j] / sg;
				}
			}
			ref_mode(n.model->mode, g, zz, n.in[l].nu, gm);
			double D = ws.sigma[l][b];
			for (int k = 0; k < W; k++)
				for (size_t i = 0; i < d; i++) {
					Gref[k * d + i] += dref[k] / D * in[b * d + i];
					Gnet[k * d + i] += gm[k] / D * in[b * d + i];
				}
		}
		osum += cosine(yr, zr, B * W);
		gsum += cosine(Gref, Gnet, W * d);
	}
	/* 1e-12: the same double sums in other orders */
	cr_assert(fabs(oa - osum / 2) < 1e-12, "%s output alignment %.15g, the long way %.15g", id, oa, osum / 2);
	cr_assert(fabs(ga - gsum / 2) < 1e-12, "%s gradient alignment %.15g, the long way %.15g", id, ga, gsum / 2);
	net_ws_free(&ws);
	net_free(&n);
}

Test(inorm, alignment_the_long_way)
{
	const char *ids[] = { "inorm", "inorm-full", "inorm-center", "inorm-scale", "inorm-decorrelate",
			      "inorm-lateral", "inorm-sub" };
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
		check_alignment(ids[i]);
}

/* At initialisation Z = LN(S) exactly, so full GradNorm is LN's backward and the gradient alignment is 1 (to the
 * size of c / var), while without GradNorm it is far from 1. */
Test(inorm, full_gradnorm_aligns_with_layernorm_at_init)
{
	double oa[2], ga[2];
	const char *ids[2] = { "inorm-full", "inorm" };
	for (int m = 0; m < 2; m++) {
		struct net n = full_size(ids[m], 200);
		struct net_ws ws;
		char err[INB_ERRLEN];
		cr_assert_eq(net_ws_alloc(&ws, &n, 32, err), INB_OK);
		real *x = malloc(32 * 784 * sizeof *x);
		gauss_inputs(x, 32 * 784, 7);
		for (int i = 0; i < 32 * 784; i++)
			x[i] = fabs(x[i]) * 0.3;
		net_forward(&n, &ws, 32, x);
		net_alignment(&n, &ws, 32, x, &oa[m], &ga[m]);
		free(x);
		net_ws_free(&ws);
		net_free(&n);
	}
	cr_assert(oa[0] > 0.99999 && oa[1] > 0.99999, "output alignment at init %g %g", oa[0], oa[1]);
	cr_assert(ga[0] > 0.9999, "full GradNorm gradient alignment at init %g", ga[0]);
	cr_assert(ga[1] < 0.9, "without GradNorm the gradient alignment at init is %g", ga[1]);
}
