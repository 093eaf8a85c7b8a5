/* test_dann_policy.c: Algorithms 5 and 6 (DANN paper Appendix E.4, Supplementary Figure 5;
 * paper/dann-4-updates.md, (D4.14)-(D4.18)). Double build for the library: the clipping of a layer's gradient over
 * all six blocks, the cosine of (D4.16), the linear list of candidates, the warm-started search with the released
 * code's two off-by-one steps on a layer whose cosine is known in closed form, and the policy's step against the
 * plain step when nothing binds. Command line: with the options off a short DANN run is the run the program built
 * from 0dae456 wrote (verify/fixtures/dann-golden/), with them on the run file logs the clipped share and the mean
 * scaled rate per layer and epoch, and every bad option is refused. */
#include "testutil.h"
#include "core/rng.h"
#include "dann/dann_policy.h"
#include "dann/dann_runfile.h"
#include "dann/dann_train.h"
#include "results/runcompare.h"
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
#define T_NI 2

static void tiny(struct dn_net *n, const char *id, uint64_t seed)
{
	char err[INB_ERRLEN];
	const size_t ni = strcmp(id, "dann-1i") ? T_NI : 0; /* 1i keeps its one inhibitory unit */
	cr_assert_eq(dn_net_alloc(n, dn_model_find(id), T_IN, T_WIDTH, T_OUT, ni, seed, 0.3, err), INB_OK, "%s", err);
}

/* Algorithm 5 (D4.15): every gradient of the layer, all six blocks, times M / (||G|| + 1e-6) when that is below 1;
 * the other layers untouched; a gradient whose norm equals M is still scaled (by M / (M + 1e-6)). */
Test(dann_policy, clip_scales_all_six_blocks_of_one_layer)
{
	struct dn_net n;
	tiny(&n, "dann", 1);
	const size_t P = n.nparams;
	real *g0 = malloc(P * sizeof *g0);
	for (size_t i = 0; i < P; i++)
		g0[i] = n.grads[i] = (real)(0.625 - 0.0173 * (double)(i % 97));
	const int l = 1;
	double norm = 0;
	int blocks = 0;
	for (int t = 0; t < n.ntensors; t++)
		if (n.T[t].layer == l) {
			blocks++;
			for (size_t i = 0; i < n.T[t].len; i++)
				norm += (double)n.T[t].g[i] * (double)n.T[t].g[i];
		}
	norm = sqrt(norm);
	cr_assert_eq(blocks, 6);
	cr_assert_float_eq(dn_layer_grad_norm(&n, l), norm, 1e-12 * norm);
	const double bound[3] = { 2 * norm, norm / 3, norm };
	const int want[3] = { 0, 1, 1 };
	for (int c = 0; c < 3; c++) {
		memcpy(n.grads, g0, P * sizeof *g0);
		double before;
		cr_expect_eq(dn_layer_clip(&n, l, bound[c], &before), want[c], "bound %g of a norm %g", bound[c], norm);
		cr_expect_float_eq(before, norm, 1e-12 * norm);
		const real r = want[c] ? (real)(bound[c] / (norm + DN_CLIP_EPS)) : 1;
		for (int t = 0; t < n.ntensors; t++) {
			const struct dn_tensor *T = &n.T[t];
			for (size_t i = 0; i < T->len; i++) {
				const size_t k = (size_t)(T->g - n.grads) + i;
				const real w = T->layer == l ? g0[k] * r : g0[k];
				cr_expect_eq(T->g[i], w, "bound %g, layer %d %s[%zu]: %.17g, expected %.17g", bound[c],
					     T->layer + 1, T->name, i, (double)T->g[i], (double)w);
			}
		}
		if (c == 1)
			cr_expect_float_eq(dn_layer_grad_norm(&n, l), bound[c] * norm / (norm + DN_CLIP_EPS), 1e-12 * norm);
	}
	free(g0);
	dn_net_free(&n);
}

/* (D4.16): ||max(0, v)|| / ||v|| over W^EE, W^IE, W^EI, g with v = theta - eta G; beta and alpha do not enter; it is
 * the cosine similarity of max(0, v) and v. */
Test(dann_policy, cosine_of_projected_and_unprojected_parameters)
{
	struct dn_net n;
	tiny(&n, "dann", 2);
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 5, 0x706f6c, 0, 0);
	for (size_t i = 0; i < n.nparams; i++)
		n.params[i] = (real)gsl_rng_uniform(r), n.grads[i] = (real)gsl_ran_gaussian(r, 1);
	gsl_rng_free(r);
	const double eta = 0.45;
	for (int l = 0; l < DN_LAYERS; l++) {
		double kept = 0, all = 0, dot = 0;
		int used = 0;
		for (int t = 0; t < n.ntensors; t++) {
			const struct dn_tensor *T = &n.T[t];
			if (T->layer != l)
				continue;
			const int in = !strcmp(T->name, "w") || !strcmp(T->name, "wix") || !strcmp(T->name, "wei") ||
				       !strcmp(T->name, "g");
			used += in;
			if (!in) {
				/* huge gradients of beta and alpha would dominate the cosine if they entered */
				for (size_t i = 0; i < T->len; i++)
					T->g[i] = 1e6;
				continue;
			}
			for (size_t i = 0; i < T->len; i++) {
				const double v = (double)T->p[i] - eta * (double)T->g[i], pv = v > 0 ? v : 0;
				kept += pv * pv, all += v * v, dot += pv * v;
			}
		}
		cr_assert_eq(used, 4);
		const double want = sqrt(kept) / sqrt(all), cossim = dot / (sqrt(kept) * sqrt(all));
		const double c = dn_layer_cosine(&n, l, eta);
		cr_expect(fabs(c - want) < 1e-12, "layer %d: %.17g, expected %.17g", l + 1, c, want);
		cr_expect(fabs(cossim - want) < 1e-12, "the ratio of norms is not the cosine similarity");
		cr_expect(want < 0.999 && want > 0.1, "layer %d: a cosine of %g tests little", l + 1, want);
		cr_expect_eq(dn_layer_cosine(&n, l, 0), 1, "theta >= 0 is its own projection");
	}
	dn_net_free(&n);
}

/* (D4.17): the candidates from the run's rate down to lr_min, linearly, the last exactly lr_min; the indices 0;
 * zeroed options are off; out-of-range values are refused. */
Test(dann_policy, candidate_rates_are_linear)
{
	struct dn_policy p;
	char err[INB_ERRLEN];
	const struct dn_policy_opts o = { .scale = 1, .cos_eps = 0.01, .lr_min = 0.005, .lr_n = 7 };
	cr_assert_eq(dn_policy_alloc(&p, &o, 0.02, err), INB_OK, "%s", err);
	for (long m = 0; m < 7; m++)
		cr_expect(fabs(p.xi[m] - (0.02 - 0.0025 * (double)m)) < 1e-17, "xi_%ld = %.17g", m, p.xi[m]);
	cr_expect_eq(p.xi[0], 0.02);
	cr_expect_eq(p.xi[6], 0.005);
	for (int l = 0; l < DN_LAYERS; l++)
		cr_expect_eq(p.at[l], 0);
	dn_policy_free(&p);
	/* zeroed options are off; either algorithm turns the policy on */
	cr_expect(!dn_policy_on(&(struct dn_policy_opts){ 0 }));
	cr_expect(dn_policy_on(&(struct dn_policy_opts){ .clip = 1 }) && dn_policy_on(&(struct dn_policy_opts){ .scale = 1 }));
	/* values refused, one line each */
	const struct {
		struct dn_policy_opts o;
		const char *needle;
	} bad[] = { { { .clip = -1 }, "gradient-norm bound (--clip-norm) -1" },
		    { { .scale = 1, .cos_eps = 1.5, .lr_n = 100 }, "cosine tolerance (--cos-eps) 1.5" },
		    { { .scale = 1, .cos_eps = 0.1, .lr_n = 1 }, "1 candidate rates (--lr-n)" },
		    { { .scale = 1, .cos_eps = 0.1, .lr_min = 0.02, .lr_n = 100 }, "smallest candidate rate (--lr-min) 0.02" },
		    { { .clip = NAN }, "gradient-norm bound (--clip-norm) nan" } };
	for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
		err[0] = 0;
		cr_expect_eq(dn_policy_alloc(&p, &bad[b].o, 0.02, err), INB_EUSAGE, "%s accepted", bad[b].needle);
		cr_expect(strstr(err, bad[b].needle) && !strchr(err, '\n'), "'%s', expected '%s'", err, bad[b].needle);
	}
}

/* Layer l of n with every parameter and gradient 0 except W^EE[0] = a with gradient 1 and W^EE[1] = 1 with
 * gradient 0: v = (a - eta, 1, 0, ...), so the cosine is 1 for eta <= a and 1 / sqrt((eta - a)^2 + 1) above. */
static void known_layer(struct dn_net *n, int l, double a)
{
	for (int t = 0; t < n->ntensors; t++)
		if (n->T[t].layer == l)
			for (size_t i = 0; i < n->T[t].len; i++)
				n->T[t].p[i] = 0, n->T[t].g[i] = 0;
	n->L[l].w[0] = (real)a, n->L[l].gw[0] = 1, n->L[l].w[1] = 1;
}

/* Algorithm 6 (D4.18) as the released code runs it, on rates 10, 9, ..., 0 (or ..., 1) and the layer above, whose
 * cosine at eta is known: the search shrinks from the first candidate to the largest that holds; the next update,
 * with the same cosine, steps up once, finds the constraint broken, moves the index back and still steps at the
 * larger rate; a looser threshold climbs back to the first; near the list's end the index moves to the last candidate
 * while the rate stays the one before it, and the last candidate is used whatever its cosine. A NaN cosine (v = 0)
 * changes nothing. */
Test(dann_policy, rate_search_as_the_released_code)
{
	struct dn_net n;
	struct dn_policy p;
	char err[INB_ERRLEN];
	tiny(&n, "dann", 3);
	const int l = 2;
	known_layer(&n, l, 1);
	/* c(4) = 1/sqrt(10) = 0.316 and c(5) = 1/sqrt(17) = 0.243 lie either side of 1 - 0.72 = 0.28 */
	struct dn_policy_opts o = { .scale = 1, .cos_eps = 0.72, .lr_min = 0, .lr_n = 11 };
	cr_assert_eq(dn_policy_alloc(&p, &o, 10, err), INB_OK, "%s", err);
	const struct {
		double cos_eps, a;        /* threshold 1 - cos_eps; W^EE[0] */
		double eta;               /* the rate returned */
		long at;                  /* the index after */
	} steps[] = {
		{ 0.72, 1, 4, 6 },        /* shrink from 10 to 4 */
		{ 0.72, 1, 5, 6 },        /* grow to 5, broken: index back to 6, rate 5 */
		{ 0.72, 1, 5, 6 },        /* the same again: the steady state alternates nothing, it steps at 5 */
		{ 0.9, 1, 10, 0 },        /* threshold 0.1 holds everywhere: back to the first */
		{ 0.0001, 0.5, 1, 10 },   /* only eta = 0 holds: at n - 2 the index moves to n - 1, the rate stays 1 */
		{ 0.0001, 0.5, 1, 10 },   /* from the last, grow once: broken at 1, back to the last, rate 1 */
	};
	for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
		p.o.cos_eps = steps[s].cos_eps;
		known_layer(&n, l, steps[s].a);
		const double eta = dn_policy_rate(&p, &n, l);
		cr_expect(eta == steps[s].eta && p.at[l] == steps[s].at, "step %zu: rate %g at index %ld, expected %g at %ld",
			  s + 1, eta, p.at[l], steps[s].eta, steps[s].at);
		const double c = sqrt(1 / ((eta > steps[s].a ? (eta - steps[s].a) * (eta - steps[s].a) : 0) + 1));
		cr_expect(fabs(p.cosine[l] - c) < 1e-6, "step %zu: cosine %g at rate %g, expected %g", s + 1, p.cosine[l],
			  eta, c);
		for (int k = 0; k < DN_LAYERS; k++)
			cr_expect(k == l || p.at[k] == 0, "layer %d's index moved", k + 1);
	}
	dn_policy_free(&p);
	/* rates 10, ..., 1, none of which holds: the index runs to n - 1 with the rate at xi_{n-2} = 2, then the last,
	 * 1, is used although it breaks the constraint */
	o = (struct dn_policy_opts){ .scale = 1, .cos_eps = 0.0001, .lr_min = 1, .lr_n = 10 };
	cr_assert_eq(dn_policy_alloc(&p, &o, 10, err), INB_OK, "%s", err);
	known_layer(&n, l, 0.5);
	double eta = dn_policy_rate(&p, &n, l);
	cr_expect(eta == 2 && p.at[l] == 9, "rate %g at %ld, expected 2 at 9", eta, p.at[l]);
	eta = dn_policy_rate(&p, &n, l);
	cr_expect(eta == 1 && p.at[l] == 9 && p.cosine[l] < 1 - 0.0001, "rate %g at %ld (cosine %g), expected 1 at 9", eta,
		  p.at[l], p.cosine[l]);
	/* v = 0: NaN cosine, index and rate unchanged */
	for (int t = 0; t < n.ntensors; t++)
		if (n.T[t].layer == l)
			for (size_t i = 0; i < n.T[t].len; i++)
				n.T[t].p[i] = 0, n.T[t].g[i] = 0;
	p.at[l] = 4;
	eta = dn_policy_rate(&p, &n, l);
	cr_expect(eta == p.xi[4] && p.at[l] == 4 && isnan(p.cosine[l]), "rate %g at %ld", eta, p.at[l]);
	dn_policy_free(&p);
	dn_net_free(&n);
}

/* With a bound that never binds and a threshold the first candidate always meets, the policy's update is the plain
 * update bit for bit (same kernel, same rate, layer by layer instead of all at once). */
Test(dann_policy, step_with_nothing_binding_is_the_plain_step)
{
	char err[INB_ERRLEN];
	const size_t B = 6;
	const char *const ids[] = { "dann", "dann-nc", "dann-1i" };
	for (int m = 0; m < 3; m++) {
		struct dn_net a, b;
		struct dn_ws wa, wb;
		struct dn_policy p;
		tiny(&a, ids[m], 11 + (uint64_t)m);
		tiny(&b, ids[m], 11 + (uint64_t)m);
		cr_assert_eq(dn_ws_alloc(&wa, &a, B, err), INB_OK);
		cr_assert_eq(dn_ws_alloc(&wb, &b, B, err), INB_OK);
		const struct dn_policy_opts o = { .clip = 1e30, .scale = 1, .cos_eps = 0.999, .lr_n = 100 };
		cr_assert_eq(dn_policy_alloc(&p, &o, 0.05, err), INB_OK, "%s", err);
		real x[6 * T_IN];
		uint8_t y[6];
		gsl_rng *r = rng_stream_alloc(RNG_TEST, 9, (uint64_t)m, 0, 0);
		for (int u = 0; u < 5; u++) {
			for (size_t i = 0; i < B * T_IN; i++)
				x[i] = (real)gsl_rng_uniform(r);
			for (size_t i = 0; i < B; i++)
				y[i] = (uint8_t)gsl_rng_uniform_int(r, T_OUT);
			long wr = 0;
			double la = dn_train_step(&a, &wa, B, x, y, 0.05, &wr);
			double lb = dn_policy_train_step(&b, &wb, &p, B, x, y, &wr);
			cr_expect_eq(la, lb);
			for (int l = 0; l < DN_LAYERS; l++)
				cr_expect(!p.clipped[l] && p.rate[l] == 0.05 && p.at[l] == 0, "%s layer %d", ids[m], l + 1);
		}
		gsl_rng_free(r);
		cr_expect(!memcmp(a.params, b.params, a.nparams * sizeof *a.params), "%s: the parameters differ", ids[m]);
		dn_policy_free(&p);
		dn_ws_free(&wa), dn_ws_free(&wb);
		dn_net_free(&a), dn_net_free(&b);
	}
}

/* ---- command line -------------------------------------------------------------------------------------------- */

static char out[16384];

#define GOLDEN_FLAGS "--epochs 2 --seed 7 --train-limit 320 --test-limit 200 --eval-every 3"

/* With Algorithms 5-6 off, by default and by their off values, a DANN run is the one 0dae456 wrote: runcompare finds
 * the metadata the same and every value identical outside the timing columns (on the BLAS kernel the goldens were
 * made with; on another, the last row's errors within runcompare's default tolerance). */
Test(dann_cli, options_off_runs_are_unchanged)
{
	char *dir = tu_mkdtemp(), args[1024], path[600], gold[600], err[INB_ERRLEN];
	const char *const ids[] = { "dann", "dann-nc", "dann-1i" };
	const char *const off[] = { "", "--clip-norm 0 --cos-eps 1" };
	for (int m = 0; m < 3; m++)
		for (int k = 0; k < 2; k++) {
			snprintf(path, sizeof path, "%s/%s-%d.tsv", dir, ids[m], k);
			snprintf(gold, sizeof gold, "verify/fixtures/dann-golden/%s.tsv", ids[m]);
			snprintf(args, sizeof args, "dann-train --model %s " GOLDEN_FLAGS " %s --out %s", ids[m], off[k], path);
			cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s: %s", args, out);
			struct runcompare_result r;
			cr_assert_eq(runcompare_files(gold, path, 2, &r, err), INB_OK, "%s", err);
			cr_expect(r.match && r.values > 0, "%s %s: %s", ids[m], off[k], r.why);
			measure("%s with Algorithms 5-6 off (%s): %s against %s, %ld values compared (%s)", ids[m],
				k ? "by their off values" : "by default", r.match ? "identical" : "DIFFERENT", gold, r.values,
				r.same_kernel ? "same BLAS kernel: bit for bit" : "another BLAS kernel: last row within 2 points");
		}
}

static double col(const struct runfile *rf, long row, const char *name)
{
	int c = runfile_column(rf, name);
	cr_assert(c >= 0, "no column %s", name);
	return runfile_value(rf, row, c);
}

/* With them on, the run file is of the second kind and logs, per layer, the share of the epoch's updates clipped and
 * their mean rate over the run's: a bound of 1e-6 clips every update of every layer; a tolerance of 1e-8 (1 - c at
 * the table's rate is ~1e-8 here) makes some layers step below it, every mean rate in (0, 1]. A bound that never
 * binds gives the plain run's numbers. */
Test(dann_cli, clipping_and_rate_scaling_are_logged)
{
	char *dir = tu_mkdtemp(), args[1024], path[600], plain[600], err[INB_ERRLEN];
	const struct {
		const char *flags, *meta, *value, *have, *lack;
	} runs[] = { { "--clip-norm 1e-6", "clip_norm", "9.9999999999999995e-07", "clipped", "lr_scale" },
		     { "--cos-eps 1e-8 --lr-n 20", "lr_scaling", "cos_eps 1e-08, lr_min 0, lr_n 20", "lr_scale", "clipped" } };
	for (int k = 0; k < 2; k++) {
		snprintf(path, sizeof path, "%s/on-%d.tsv", dir, k);
		snprintf(args, sizeof args, "dann-train --model dann " GOLDEN_FLAGS " %s --out %s", runs[k].flags, path);
		cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
		struct runfile rf;
		cr_assert_eq(dn_runfile_read(path, &rf, err), INB_OK, "%s", err);
		cr_expect_eq(rf.schema, &dn_run_stats_schema);
		char v[512], c[32];
		cr_expect(!runfile_meta(&rf, runs[k].meta, v, sizeof v) && !strncmp(v, runs[k].value, strlen(runs[k].value)),
			  "'# %s: %s', expected '%s'", runs[k].meta, v, runs[k].value);
		snprintf(c, sizeof c, "%s_l1", runs[k].lack);
		cr_expect(runfile_column(&rf, c) < 0 && runfile_column(&rf, "dinv_norm_l1") < 0, "%s: column %s", runs[k].flags,
			  c);
		double lo = INFINITY, hi = -INFINITY;
		for (long r = 0; r < rf.rows; r++)
			for (int l = 1; l <= DN_LAYERS; l++) {
				snprintf(c, sizeof c, "%s_l%d", runs[k].have, l);
				const double x = col(&rf, r, c);
				if (!r) {
					cr_expect(isnan(x), "row 0 has %s %g", c, x);
					continue;
				}
				if (k == 0)
					cr_expect_eq(x, 100, "row %ld %s %g", r, c, x);
				else
					cr_expect(x > 0 && x <= 1, "row %ld %s %g", r, c, x);
				lo = fmin(lo, x), hi = fmax(hi, x);
			}
		if (k == 1)
			cr_expect(lo < 1, "the rate was never scaled: nothing was tested");
		measure("dann %s: %s_lN over the rows after update 0 between %.3f and %.3f", runs[k].flags, runs[k].have, lo,
			hi);
		runfile_free(&rf);
	}
	/* a bound that never binds: the plain run's values in every column of the first kind */
	snprintf(path, sizeof path, "%s/loose.tsv", dir), snprintf(plain, sizeof plain, "%s/plain.tsv", dir);
	snprintf(args, sizeof args, "dann-train --model dann " GOLDEN_FLAGS " --clip-norm 1e30 --out %s", path);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	snprintf(args, sizeof args, "dann-train --model dann " GOLDEN_FLAGS " --out %s", plain);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	struct runfile a, b;
	cr_assert_eq(dn_runfile_read(path, &a, err), INB_OK, "%s", err);
	cr_assert_eq(dn_runfile_read(plain, &b, err), INB_OK, "%s", err);
	cr_assert_eq(a.rows, b.rows);
	for (long r = 0; r < a.rows; r++)
		for (int c = 0; c < b.ncols; c++)
			if (b.checks[c] != RUNFILE_SECONDS)
				cr_expect(!memcmp(&a.v[r * a.ncols + c], &b.v[r * b.ncols + c], sizeof(double)) ||
						  (isnan(a.v[r * a.ncols + c]) && isnan(b.v[r * b.ncols + c])),
					  "row %ld %s: %.9g against the plain %.9g", r, b.names[c], a.v[r * a.ncols + c],
					  b.v[r * b.ncols + c]);
	for (long r = 1; r < a.rows; r++)
		cr_expect_eq(col(&a, r, "clipped_l1"), 0);
	runfile_free(&a), runfile_free(&b);
}

Test(dann_cli, policy_bad_options_exit_codes)
{
	char *dir = tu_mkdtemp(), path[512], args[1024];
	snprintf(path, sizeof path, "%s/x.tsv", dir);
	const struct {
		const char *flags, *needle;
	} bad[] = {
		{ "--model dann --clip-norm -1", "--clip-norm" },
		{ "--model dann --cos-eps 1.5", "--cos-eps" },
		{ "--model dann --cos-eps 0.1 --lr-n 1", "--lr-n" },
		{ "--model dann --lr-min 0.001", "expected --cos-eps below 1" },
		{ "--model dann --lr-n 50", "expected --cos-eps below 1" },
		{ "--model dann --cos-eps 0.1 --lr-min 0.05", "smallest candidate rate (--lr-min) 0.05" },
		{ "--model mlp --clip-norm 1", "not to mlp" },
		{ "--model colei --cos-eps 0.5", "not to colei" },
		{ "--model dann-ngd --clip-norm 1", "not to dann-ngd" },
		{ "--model dann --lr 20000", "--lr" },
	};
	for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
		snprintf(args, sizeof args, "dann-train %s --train-limit 64 --test-limit 32 --out %s", bad[b].flags, path);
		tu_expect_fail(args, 2, bad[b].needle, path);
	}
}
