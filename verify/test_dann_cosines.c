/* test_dann_cosines.c: Figure 2's measurement (DANN paper; paper/dann-4-updates.md (D4.19)-(D4.21)). Double build.
 * dn_fisher_cosines against a direct computation on small networks of one and two inhibitory units: u the gradient
 * of the backward pass, h Algorithm 3's correction of it by dn_correct, f the corrected step, each layer's six
 * blocks concatenated; within one block the cosines of u and of h with f coincide (why the blocks are
 * concatenated); an update that records the cosines moves the parameters exactly as the same update without them;
 * and `dann-train --cosines` end to end: its file read strictly, its run file identical to a run without it, a cut
 * file refused, the option refused for a model other than dann-ngd. */
#include "testutil.h"
#include "core/rng.h"
#include "dann/dann_fisher.h"
#include "dann/dann_runfile.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The same sums in double in a different order: a few hundred roundings of ~1e-16 at most. */
#define C_EXACT 1e-12
/* Algorithm 3 rescales W^IE, W^EI and alpha by 1/sqrt(n_e), 1/d, 1/(d sqrt(n_e)): on these sizes the layer's two
 * cosines differ by far more than this (checked, so that the test would notice them coinciding). */
#define C_APART 1e-3

struct cnet {
	struct dn_net n;
	struct dn_ws ws;
	struct dn_fisher f;
	real *x;                  /* (B, n_in) */
	uint8_t *y;               /* (B) */
	size_t B;
};

/* A d-NGD network n_in -> width -> width -> width -> n_out with ni inhibitory units, moved off its initialisation
 * (sign-constrained tensors times exp(0.3 xi), the others + 0.3 xi, so that no block's gradient is negligible), and
 * a batch of B rows in [0, 1] with labels. */
static void cnet_build(struct cnet *t, size_t n_in, size_t width, size_t n_out, size_t ni, size_t B, uint64_t seed)
{
	char err[INB_ERRLEN];
	memset(t, 0, sizeof *t);
	t->B = B;
	cr_assert_eq(dn_net_alloc(&t->n, dn_model_find("dann-ngd"), n_in, width, n_out, ni, seed, 0.3, err), INB_OK,
		     "%s", err);
	cr_assert_eq(dn_ws_alloc(&t->ws, &t->n, B, err), INB_OK, "%s", err);
	cr_assert_eq(dn_fisher_alloc(&t->f, &t->n, B, err), INB_OK, "%s", err);
	gsl_rng *r = rng_stream_alloc(RNG_TEST, seed, 0x636f73, 0, 0);
	for (int k = 0; k < t->n.ntensors; k++) {
		const struct dn_tensor *T = &t->n.T[k];
		for (size_t i = 0; i < T->len; i++) {
			const double xi = gsl_ran_gaussian(r, 1);
			T->p[i] = T->clamp ? T->p[i] * (real)exp(0.3 * xi) : T->p[i] + (real)(0.3 * xi);
		}
	}
	t->x = malloc(B * n_in * sizeof *t->x);
	t->y = malloc(B);
	for (size_t i = 0; i < B * n_in; i++)
		t->x[i] = (real)gsl_rng_uniform(r);
	for (size_t i = 0; i < B; i++)
		t->y[i] = (uint8_t)gsl_rng_uniform_int(r, n_out);
	gsl_rng_free(r);
}

static void cnet_free(struct cnet *t)
{
	dn_fisher_free(&t->f);
	dn_ws_free(&t->ws);
	dn_net_free(&t->n);
	free(t->x);
	free(t->y);
}

/* Algorithm 4's update up to the step, as dn_fisher_train_step runs it but without the cosines: forward, loss,
 * backward (u into u), sampling with a stream of seed, signals, squared sums, correction (f in n->grads). */
static void correct_only(struct cnet *t, uint64_t seed, real *u)
{
	dn_forward(&t->n, &t->ws, t->B, t->x);
	cr_assert(isfinite(dn_loss(&t->n, &t->ws, t->B, t->y, NULL, t->ws.dz)));
	dn_backward(&t->n, &t->ws, t->B, t->x);
	memcpy(u, t->n.grads, t->n.nparams * sizeof *u);
	gsl_rng *r = rng_stream_alloc(RNG_DANN_FISHER, seed, 1, 0, 0);
	dn_fisher_sample(&t->n, &t->ws, &t->f, t->B, r);
	gsl_rng_free(r);
	dn_fisher_signals(&t->n, &t->ws, &t->f, t->B);
	dn_fisher_sqsums(&t->n, &t->ws, &t->f, t->B, t->x);
	dn_fisher_correct(&t->n, &t->f, t->B);
}

/* cos(a, b) over entries [lo, hi), directly */
static double direct_cos(const real *a, const real *b, size_t lo, size_t hi)
{
	long double ab = 0, aa = 0, bb = 0;
	for (size_t i = lo; i < hi; i++)
		ab += (long double)a[i] * b[i], aa += (long double)a[i] * a[i], bb += (long double)b[i] * b[i];
	return (double)(ab / sqrtl(aa * bb));
}

static void check_cosines(size_t ni, uint64_t seed)
{
	struct cnet t;
	cnet_build(&t, 9, 7, 4, ni, 6, seed);
	const size_t P = t.n.nparams;
	real *u = malloc(P * sizeof *u), *f = malloc(P * sizeof *f), *h = malloc(P * sizeof *h);
	correct_only(&t, seed, u);
	memcpy(f, t.n.grads, P * sizeof *f);
	/* h: Algorithm 3 itself (dn_correct) applied to a copy of u */
	memcpy(t.n.grads, u, P * sizeof *u);
	dn_correct(&t.n);
	memcpy(h, t.n.grads, P * sizeof *h);
	memcpy(t.n.grads, f, P * sizeof *f);
	double cfu[DN_LAYERS], cfh[DN_LAYERS];
	dn_fisher_cosines(&t.n, u, cfu, cfh);
	for (int l = 0; l < DN_LAYERS; l++) {
		/* a layer's tensors are contiguous in the block: its range */
		size_t lo = P, hi = 0;
		int blocks = 0;
		for (int k = 0; k < t.n.ntensors; k++) {
			const struct dn_tensor *T = &t.n.T[k];
			if (T->layer != l)
				continue;
			const size_t o = (size_t)(T->p - t.n.params);
			lo = o < lo ? o : lo, hi = o + T->len > hi ? o + T->len : hi;
			blocks++;
			/* one block: h = c u with c > 0, so the two cosines with f are one */
			const double bu = direct_cos(f, u, o, o + T->len), bh = direct_cos(f, h, o, o + T->len);
			cr_expect(fabs(bu - bh) < C_EXACT, "layer %d block %s: cos(f, u) %.15g, cos(f, h) %.15g", l + 1,
				  T->name, bu, bh);
		}
		cr_assert_eq(blocks, 6, "layer %d has %d blocks", l + 1, blocks);
		size_t len = 0;
		for (int k = 0; k < t.n.ntensors; k++)
			len += t.n.T[k].layer == l ? t.n.T[k].len : 0;
		cr_assert_eq(hi - lo, len, "layer %d is not contiguous", l + 1);
		const double du = direct_cos(f, u, lo, hi), dh = direct_cos(f, h, lo, hi);
		cr_expect(fabs(cfu[l] - du) < C_EXACT, "layer %d: cos(f, u) %.15g, directly %.15g", l + 1, cfu[l], du);
		cr_expect(fabs(cfh[l] - dh) < C_EXACT, "layer %d: cos(f, h) %.15g, directly %.15g", l + 1, cfh[l], dh);
		cr_expect(fabs(du - dh) > C_APART, "layer %d: concatenated, cos(f, u) %.15g and cos(f, h) %.15g coincide",
			  l + 1, du, dh);
	}
	free(u), free(f), free(h);
	cnet_free(&t);
}

Test(dann_cosines, against_direct_one_inhibitory_unit)
{
	check_cosines(1, 11);
}

Test(dann_cosines, against_direct_two_inhibitory_units)
{
	check_cosines(2, 12);
}

/* A zero vector has no direction: NaN, not 0 or a division's inf. */
Test(dann_cosines, zero_vector_is_nan)
{
	struct cnet t;
	cnet_build(&t, 9, 7, 4, 1, 6, 13);
	real *u = calloc(t.n.nparams, sizeof *u);
	double cfu[DN_LAYERS], cfh[DN_LAYERS];
	for (size_t i = 0; i < t.n.nparams; i++)
		t.n.grads[i] = (real)0.25;
	dn_fisher_cosines(&t.n, u, cfu, cfh);
	for (int l = 0; l < DN_LAYERS; l++)
		cr_expect(isnan(cfu[l]) && isnan(cfh[l]), "layer %d: %g %g", l + 1, cfu[l], cfh[l]);
	free(u);
	cnet_free(&t);
}

/* The recording only reads: three updates of dn_fisher_train_step (which records) leave the parameters bit for bit
 * where the same updates without the cosines (correct_only, then dn_step) leave them. */
Test(dann_cosines, recording_leaves_the_update_unchanged)
{
	struct cnet a, b;
	cnet_build(&a, 9, 7, 4, 1, 6, 14);
	cnet_build(&b, 9, 7, 4, 1, 6, 14);
	real *u = malloc(b.n.nparams * sizeof *u);
	gsl_rng *r = rng_stream_alloc(RNG_DANN_FISHER, 14, 1, 0, 0);
	for (int k = 0; k < 3; k++) {
		/* the same stream position for b: a fresh stream advanced as a's was */
		gsl_rng *rb = rng_stream_alloc(RNG_DANN_FISHER, 14, 1, 0, 0);
		for (int j = 0; j < k * (int)b.B; j++)
			gsl_rng_uniform(rb);
		dn_fisher_train_step(&a.n, &a.ws, &a.f, a.B, a.x, a.y, 300, r, NULL);
		dn_forward(&b.n, &b.ws, b.B, b.x);
		dn_loss(&b.n, &b.ws, b.B, b.y, NULL, b.ws.dz);
		dn_backward(&b.n, &b.ws, b.B, b.x);
		dn_fisher_sample(&b.n, &b.ws, &b.f, b.B, rb);
		gsl_rng_free(rb);
		dn_fisher_signals(&b.n, &b.ws, &b.f, b.B);
		dn_fisher_sqsums(&b.n, &b.ws, &b.f, b.B, b.x);
		dn_fisher_correct(&b.n, &b.f, b.B);
		dn_step(&b.n, 300);
		cr_assert(!memcmp(a.n.params, b.n.params, a.n.nparams * sizeof *a.n.params),
			  "update %d: the parameters differ", k + 1);
		for (int l = 0; l < DN_LAYERS; l++)
			cr_expect(a.f.cos_fu[l] > -1 && a.f.cos_fu[l] <= 1 && a.f.cos_fh[l] > -1 && a.f.cos_fh[l] <= 1,
				  "update %d layer %d: %g %g", k + 1, l + 1, a.f.cos_fu[l], a.f.cos_fh[l]);
	}
	gsl_rng_free(r);
	free(u);
	cnet_free(&a);
	cnet_free(&b);
}

/* `dann-train --cosines`: the file has one row per update and passes the strict reader; the run file beside it is
 * identical to that of the same run without --cosines; a cut file is refused; other models refuse the option. */
Test(dann_cli, ngd_cosine_file)
{
	char *dir = tu_mkdtemp(), args[2048], out[8192], path[600], cpath[600], err[INB_ERRLEN];
	snprintf(path, sizeof path, "%s/seed-1.tsv", dir);
	snprintf(cpath, sizeof cpath, "%s/seed-1.cos.tsv", dir);
	snprintf(args, sizeof args, "dann-train --model dann-ngd --epochs 2 --train-limit 1000 --test-limit 300 "
		 "--eval-every 3 --out %s --cosines %s", path, cpath);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	struct runfile rf;
	cr_assert_eq(dn_cosfile_read(cpath, &rf, err), INB_OK, "%s", err);
	cr_expect_eq(rf.rows, 8, "%ld rows, expected 2 epochs of 4 updates", rf.rows);
	char v[64];
	cr_expect(!runfile_meta(&rf, "updates_per_epoch", v, sizeof v) && !strcmp(v, "4"), "%s", v);
	for (long r = 0; r < rf.rows; r++)
		for (int c = 2; c < rf.ncols; c++)
			cr_expect(fabs(runfile_value(&rf, r, c)) <= 1, "row %ld %s", r, rf.names[c]);
	/* in the output layer (n_e 10, d 784 -> 500 here), the rescaled blocks are small: the two differ anyway */
	cr_expect(runfile_value(&rf, 0, 2) != runfile_value(&rf, 0, 6), "layer 1: the two cosines coincide");
	runfile_free(&rf);
	/* the run file without --cosines: identical outside the timing columns */
	snprintf(args, sizeof args, "dann-train --model dann-ngd --epochs 2 --train-limit 1000 --test-limit 300 "
		 "--eval-every 3 --out %s/plain.tsv && %s runcompare %s %s/plain.tsv", dir, tu_bin(), path, dir);
	cr_expect_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_expect(strstr(out, "identical"), "%s", out);
	/* the generic reader knows the kind, so runcompare compares two of them */
	snprintf(args, sizeof args, "runcompare %s %s", cpath, cpath);
	cr_expect_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	cr_expect(strstr(out, "identical"), "%s", out);
	/* cut after its fifth row: refused */
	size_t len;
	char *text = tu_read_file(cpath, &len), *p = strstr(text, "\n1\t1\t");
	cr_assert(p);
	for (int k = 0; k < 5 && p; k++)
		p = strchr(p + 1, '\n');
	cr_assert(p);
	p[1] = 0;
	char *cut = tu_write_text(dir, "cut.cos.tsv", text);
	cr_expect_neq(dn_cosfile_read(cut, &rf, err), INB_OK, "a cut file was read");
	cr_expect(strstr(err, "expected 8"), "%s", err);
	/* only d-NGD has Algorithm 4's step */
	snprintf(args, sizeof args, "dann-train --model dann --epochs 1 --train-limit 64 --test-limit 32 --out %s/d.tsv "
		 "--cosines %s/d.cos.tsv", dir, dir);
	snprintf(path, sizeof path, "%s/d.cos.tsv", dir);
	tu_expect_fail(args, INB_EUSAGE, "expected --model dann-ngd", path);
	cr_expect(!tu_exists(path));
}
