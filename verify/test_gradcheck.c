/* test_gradcheck.c: the task gradients of whole networks against finite differences of their loss (paper §2.1-2.3;
 * (2.1.2), (2.2.6), (2.3.1), (4.3.7)), through net_forward, net_loss and net_backward as training calls them
 * (gradcheck.h):
 *   - every selected parameter of a tiny network (7 inputs, width 5, 3 outputs, batch 4, label smoothing 0.1)
 *     against its own central difference;
 *   - three random directions over all selected parameters of a full-size network (784 -> 300 -> 300 -> 10,
 *     batch 8), each judged against the difference's own error estimate (truncation + rounding).
 * Parameters are first moved away from the initialisation (gc_net_alloc), and ReLU kinks are avoided and counted.
 * Adding a model is one line in `models` below. */
#include "gradcheck.h"
#include "measure.h"
#include "core/rng.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

/* Which parameters get the task loss's gradient, per model. EI and E networks: all of them. I-Norm layers train
 * W^IE (and U^IE, or the sub-only layer's W^EI) with their local loss, not the task loss, so those are left out;
 * their task gradient differentiates the loss with the inhibitory term and D held at the base point (hold = 1,
 * (2.2.6): the task graph treats them as constants). A GradNorm mode replaces the hidden layers' error by
 * something that is not a derivative, so for those models only the output layer (@2) is compared. */
static const struct gc_model models[] = {
	{ "ei", "all", 0 },
	{ "ei-ln", "all", 0 },
	{ "e-ln", "all", 0 },
	{ "inorm", "wex,bias,wix@2,wei@2", 1 },
	{ "inorm-sub", "wex,bias,wix@2,wei@2", 1 },
	{ "inorm-full", "wex@2,bias@2,wix@2,wei@2", 1 },
	{ "inorm-center", "wex@2,bias@2,wix@2,wei@2", 1 },
	{ "inorm-scale", "wex@2,bias@2,wix@2,wei@2", 1 },
	{ "inorm-decorrelate", "wex@2,bias@2,wix@2,wei@2", 1 },
	{ "inorm-lateral", "wex@2,bias@2,wix@2,wei@2", 1 },
};
#define NMODELS (sizeof models / sizeof models[0])

/* tiny networks */
#define T_IN 7
#define T_WIDTH 5
#define T_OUT 3
#define T_BATCH 4
/* Step of the per-parameter differences: truncation h^2 |L3| / 6 ~ 2e-11 |L3| (L3 the third derivative) and
 * rounding ~ eps |L| / h ~ 2e-11 (L ~ 1) balance near here. */
#define T_STEP 1e-5
/* Hidden pre-activations start at least this far from 0; a step h moves one by |dy/dp| h <= ~10 h = 1e-4 (inputs
 * <= 1, weights ~1, LN's 1/sigma ~ 10 at most here), 10 times less; a difference that still changes a ReLU's side
 * is detected and skipped, and the test fails on the count. */
#define T_MARGIN 1e-3
/* A gradient smaller than this fraction of the largest in its (group, layer) block, or than T_ABS, is judged on
 * that scale: its own relative error would measure only the differences' rounding (~1e-11 absolute). */
#define T_FLOOR 1e-3
#define T_ABS 1e-8
/* Relative error per parameter: the errors above are ~1e-11 absolute against gradients >= 1e-5 after the floor,
 * i.e. <= 1e-6 (measured: <= 4e-8); a sign error or a missing term is O(1). */
#define T_TOL 1e-5

/* full-size networks */
#define F_BATCH 8
#define F_WIDTH 300
#define F_DIRECTIONS 3
/* Directional step along a unit vector in ~330 000 dimensions: each parameter moves by ~h / 575. */
#define F_STEP 1e-3
/* A direction passes if |grad . u - fd| <= max(F_RTOL |fd|, F_SAFETY (trunc + round)): the first term is far below
 * any real error, the second accepts a disagreement explained by the difference's own error estimate (kann). */
#define F_RTOL 1e-6
#define F_SAFETY 10.0
/* Rounding of one loss evaluation, in units of eps |L|: the forward sums 784-term products in double; 100 eps is a
 * generous bound on its relative error. */
#define F_ROUND_K 100

Test(gradcheck, tiny_networks_every_parameter)
{
	for (size_t m = 0; m < NMODELS; m++) {
		char err[INB_ERRLEN];
		struct gc_net g;
		cr_assert_eq(gc_net_alloc(&g, &models[m], T_IN, T_WIDTH, T_OUT, T_BATCH, T_MARGIN, 2385 + m, err), INB_OK,
			     "%s: %s", models[m].id, err);
		unsigned char *mask = malloc(g.net.nparams);
		cr_assert_eq(gc_select(&g, models[m].task, mask, err), INB_OK, "%s: %s", models[m].id, err);
		struct gc_param_result res;
		gc_check_params(&g, mask, T_STEP, T_FLOOR, T_ABS, &res);
		measure("gradcheck %-17s tiny (%zu parameters of %zu, '%s'): max rel err %.2g (tol %g) at %s[%zu]: "
			"analytic %.6g, fd %.6g; %zu skipped at kinks; %d batches redrawn, min |pre-activation| %.2g",
			models[m].id, res.checked, g.net.nparams, models[m].task, res.max_err, T_TOL,
			gc_group_name(&g, res.worst), res.worst, res.worst_analytic, res.worst_fd, res.skipped, g.redraws,
			g.min_abs);
		cr_expect(res.checked > 0 && res.skipped == 0, "%s: %zu checked, %zu skipped", models[m].id, res.checked,
			  res.skipped);
		cr_expect(res.max_err < T_TOL, "%s: parameter %zu (%s, layer %d): analytic %.9g, finite difference %.9g, "
			  "relative error %.3g", models[m].id, res.worst, gc_group_name(&g, res.worst),
			  g.layer_of[res.worst], res.worst_analytic, res.worst_fd, res.max_err);
		free(mask);
		gc_net_free(&g);
	}
}

Test(gradcheck, full_size_networks_random_directions)
{
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 3, 0x6763, 0, 0);
	for (size_t m = 0; m < NMODELS; m++) {
		char err[INB_ERRLEN];
		struct gc_net g;
		/* margin 0: with 4800 hidden pre-activations some lie near 0; directions crossing one are drawn again */
		cr_assert_eq(gc_net_alloc(&g, &models[m], NET_INPUTS, F_WIDTH, NET_OUTPUTS, F_BATCH, 0, 7 + m, err), INB_OK,
			     "%s: %s", models[m].id, err);
		unsigned char *mask = malloc(g.net.nparams);
		cr_assert_eq(gc_select(&g, models[m].task, mask, err), INB_OK, "%s: %s", models[m].id, err);
		struct gc_dir_result worst = { 0 };
		int redraws = 0;
		for (int d = 0; d < F_DIRECTIONS; d++) {
			struct gc_dir_result res;
			gc_check_direction(&g, mask, F_STEP, F_RTOL, F_SAFETY, F_ROUND_K, r, &res);
			redraws += res.redraws;
			if (d == 0 || res.rel > worst.rel)
				worst = res;
			cr_expect(res.passed, "%s, direction %d: grad . u = %.12g, finite difference %.12g (2h: %.12g); "
				  "error %.3g exceeds max(%g |fd|, %g x estimate %.3g)", models[m].id, d, res.analytic, res.fd,
				  res.fd2, res.err, F_RTOL, (double)F_SAFETY, res.trunc + res.round);
		}
		measure("gradcheck %-17s full size (%zu parameters), worst of %d directions: grad.u %.9g, fd %.9g, rel "
			"err %.2g (tol %g, or within %g x the estimate: truncation %.1g + rounding %.1g); %d directions "
			"redrawn at kinks", models[m].id, g.net.nparams, F_DIRECTIONS, worst.analytic, worst.fd, worst.rel,
			F_RTOL, (double)F_SAFETY, worst.trunc, worst.round, redraws);
		free(mask);
		gc_net_free(&g);
	}
	gsl_rng_free(r);
}

/* The selection strings of the table: unknown groups and layers are errors, "@l" keeps one layer. */
Test(gradcheck, selections)
{
	char err[INB_ERRLEN];
	struct gc_net g;
	const struct gc_model ei = { "ei", "all", 0 };
	cr_assert_eq(gc_net_alloc(&g, &ei, T_IN, T_WIDTH, T_OUT, T_BATCH, 0, 1, err), INB_OK, "%s", err);
	unsigned char *mask = malloc(g.net.nparams);
	size_t count = 0;
	cr_assert_eq(gc_select(&g, "wex@2,bias", mask, err), INB_OK, "%s", err);
	for (size_t i = 0; i < g.net.nparams; i++)
		count += mask[i];
	/* output W^EE is 3 x 5; biases 5 + 5 + 3 */
	cr_assert_eq(count, 15 + 13, "selected %zu", count);
	cr_assert_eq(gc_select(&g, "all", mask, err), INB_OK);
	count = 0;
	for (size_t i = 0; i < g.net.nparams; i++)
		count += mask[i];
	cr_assert_eq(count, g.net.nparams);
	cr_assert_eq(gc_select(&g, "wxe", mask, err), INB_EUSAGE);
	cr_assert_eq(gc_select(&g, "wex@3", mask, err), INB_EUSAGE);
	cr_assert_eq(gc_select(&g, "bix", mask, err), INB_EUSAGE, "an EI network has no U^IE, yet 'bix' selected some");
	cr_assert_eq(gc_select(&g, "wex;bias", mask, err), INB_EUSAGE);
	free(mask);
	gc_net_free(&g);
}
