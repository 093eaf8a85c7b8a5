/* dann_train.c: the DANN paper's training run and its run file (see dann_train.h). */
#define _POSIX_C_SOURCE 200809L
#include "dann_train.h"
#include "blas.h"
#include "fmnist.h"
#include "outfile.h"
#include "rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

struct dn_row {
	long update, epoch;
	int epoch_end, diverged;
	double train_err, train_loss, test_err, test_loss, train_s, eval_s;
};

double dn_train_step(struct dn_net *n, struct dn_ws *ws, size_t B, const real *x, const uint8_t *labels, double lr,
		     long *wrong)
{
	dn_forward(n, ws, B, x);
	double loss = dn_loss(n, ws, B, labels, wrong, ws->dz);
	if (!isfinite(loss))
		return loss;
	dn_backward(n, ws, B, x);
	if (n->m->correct)
		dn_correct(n);
	dn_step(n, lr);
	return loss;
}

/* pixels (count, 784) scaled to [0, 1] */
static void to_real(real *x, const uint8_t *pixels, const size_t *index, size_t count)
{
	for (size_t r = 0; r < count; r++) {
		const uint8_t *p = pixels + (index ? index[r] : r) * FMNIST_PIXELS;
		for (size_t i = 0; i < FMNIST_PIXELS; i++)
			x[r * FMNIST_PIXELS + i] = (real)p[i] / (real)255;
	}
}

static int write_runfile(struct outfile *of, const struct dn_train_opts *o, const struct dn_net *n, const char *blas,
			 const struct dn_row *rows, long nrows, const struct dn_train_result *res, size_t ntrain,
			 size_t ntest, double pixel_mean, char *err)
{
	FILE *f = of->fp;
	fprintf(f, "# inhibnorm run file (DANN paper)\n");
	fprintf(f, "# version: %s\n", inb_version);
	fprintf(f, "# command: %s\n", o->cmdline ? o->cmdline : "");
	fprintf(f, "# model: %s (%s)\n", o->m->id, o->m->legend);
	fprintf(f, "# lr: %.17g\n# lr_source: %s\n", o->lr, o->lr_source ? o->lr_source : "command line");
	fprintf(f, "# corrections: %s\n", o->m->correct ? "Algorithm 3" : "none");
	fprintf(f, "# width: %zu\n# inhibitory_units: %zu\n", n->width, n->L[0].ni ? n->L[0].ni : n->L[1].ni);
	fprintf(f, "# seed: %lu\n# epochs: %ld\n# batch: %d\n# train_images: %zu\n# test_images: %zu\n", o->seed,
		o->epochs, DN_BATCH, ntrain, ntest);
	fprintf(f, "# eval_every: %ld\n# shuffle: yes\n# data: %s\n", o->eval_every, o->data_dir);
	if (o->m->kind == DN_COLEI)
		fprintf(f, "# pixel_mean: %.6f\n", pixel_mean);
	fprintf(f, "# parameters: %zu\n# precision: %s\n# blas: %s\n", n->nparams, REAL_NAME, blas);
	if (res->diverged)
		fprintf(f, "# diverged: yes, non-finite training loss at update %ld (epoch %ld)\n", res->updates,
			res->epochs_done);
	else
		fprintf(f, "# diverged: no\n");
	fprintf(f, "# test_err_last5: %.4f\n", res->test_err_last5);
	fprintf(f, "# columns: errors in percent; train_err, train_loss: mean over the epoch's minibatches so far (train "
		   "mode, before each update); test_err, test_loss: the whole test set as one batch after the update; "
		   "train_seconds: training time of the epoch so far; eval_seconds: this evaluation\n");
	fprintf(f, "update\tepoch\tepoch_end\ttrain_err\ttrain_loss\ttest_err\ttest_loss\tdiverged\ttrain_seconds\t"
		   "eval_seconds\n");
	for (long i = 0; i < nrows; i++) {
		const struct dn_row *r = &rows[i];
		fprintf(f, "%ld\t%ld\t%d\t%.4f\t%.6g\t%.4f\t%.6g\t%d\t%.3f\t%.3f\n", r->update, r->epoch, r->epoch_end,
			r->train_err, r->train_loss, r->test_err, r->test_loss, r->diverged, r->train_s, r->eval_s);
	}
	return outfile_commit(of, err);
}

int dn_train_run(const struct dn_train_opts *o, struct dn_train_result *res, char *err)
{
	memset(res, 0, sizeof *res);
	struct fmnist tr = { 0 }, te = { 0 };
	struct dn_net n = { 0 };
	struct dn_ws ws = { 0 }, ews = { 0 };
	struct dn_row *rows = NULL;
	real *xtest = NULL, *xb = NULL;
	size_t *order = NULL;
	char blas[256];
	blas_setup(blas, sizeof blas);
	struct outfile of = { 0 };
	if (o->epochs < 1 || o->eval_every < 1 || !(o->lr > 0))
		return inb_fail(err, INB_EUSAGE, "dann-train: epochs, eval interval and learning rate must be positive");

	int rc = outfile_open(&of, o->out, err);
	if (!rc)
		rc = fmnist_load(o->data_dir, FMNIST_TRAIN, &tr, err);
	if (!rc)
		rc = fmnist_load(o->data_dir, FMNIST_TEST, &te, err);
	if (rc)
		goto done;
	const size_t ntrain = o->train_limit > 0 && (size_t)o->train_limit < tr.n ? (size_t)o->train_limit : tr.n;
	const size_t ntest = o->test_limit > 0 && (size_t)o->test_limit < te.n ? (size_t)o->test_limit : te.n;
	const size_t nbatch = (ntrain + DN_BATCH - 1) / DN_BATCH;
	const long total = o->epochs * (long)nbatch;
	const long maxrows = total / o->eval_every + o->epochs + 8;
	/* ColumnEi's first bias centres inputs of the training set's mean pixel (the released code hard-codes it) */
	double psum = 0;
	for (size_t i = 0; i < tr.n * FMNIST_PIXELS; i++)
		psum += tr.pixels[i];
	const double pixel_mean = psum / ((double)tr.n * FMNIST_PIXELS * 255.0);

	xtest = malloc(ntest * FMNIST_PIXELS * sizeof *xtest);
	xb = malloc((size_t)DN_BATCH * FMNIST_PIXELS * sizeof *xb);
	order = malloc(ntrain * sizeof *order);
	rows = calloc((size_t)maxrows, sizeof *rows);
	if (!xtest || !xb || !order || !rows) {
		rc = inb_fail(err, INB_EINTERNAL, "out of memory");
		goto done;
	}
	to_real(xtest, te.pixels, NULL, ntest);
	if ((rc = dn_net_alloc(&n, o->m, FMNIST_PIXELS, o->width, FMNIST_CLASSES, 0, o->seed, pixel_mean, err)) ||
	    (rc = dn_ws_alloc(&ws, &n, DN_BATCH, err)) || (rc = dn_ws_alloc(&ews, &n, ntest, err)))
		goto done;

	long nrows = 0, u = 0, e;
	double loss_sum = 0, epoch_t = 0;
	long wrong = 0, seen_batches = 0, seen_rows = 0;
	/* evaluates the test set and appends a row */
#define EVALUATE(epoch_, end_)                                                                                   \
	do {                                                                                                     \
		double te0 = now();                                                                              \
		dn_forward(&n, &ews, ntest, xtest);                                                              \
		long tw = 0;                                                                                     \
		double tl = dn_loss(&n, &ews, ntest, te.labels, &tw, NULL);                                      \
		struct dn_row *R = &rows[nrows++];                                                               \
		R->update = u, R->epoch = (epoch_), R->epoch_end = (end_), R->diverged = res->diverged;          \
		R->train_err = seen_rows ? 100.0 * (double)wrong / (double)seen_rows : NAN;                      \
		R->train_loss = seen_batches ? loss_sum / (double)seen_batches : NAN;                            \
		R->test_err = 100.0 * (double)tw / (double)ntest, R->test_loss = tl;                             \
		R->train_s = epoch_t, R->eval_s = now() - te0;                                                   \
	} while (0)

	EVALUATE(0, 0);
	for (e = 1; e <= o->epochs && !res->diverged; e++) {
		gsl_rng *r = rng_stream_alloc(RNG_DANN_SHUFFLE, o->seed, (uint64_t)e, 0, 0);
		if (!r) {
			rc = inb_fail(err, INB_EINTERNAL, "out of memory");
			goto done;
		}
		for (size_t i = 0; i < ntrain; i++)
			order[i] = i;
		gsl_ran_shuffle(r, order, ntrain, sizeof *order);
		gsl_rng_free(r);
		loss_sum = 0, wrong = 0, seen_batches = 0, seen_rows = 0, epoch_t = 0;
		for (size_t bi = 0; bi < nbatch; bi++) {
			size_t b0 = bi * DN_BATCH, B = ntrain - b0 < DN_BATCH ? ntrain - b0 : DN_BATCH;
			uint8_t labels[DN_BATCH];
			to_real(xb, tr.pixels, order + b0, B);
			for (size_t k = 0; k < B; k++)
				labels[k] = tr.labels[order[b0 + k]];
			u++;
			if (o->poison_step == u)
				n.L[0].w[0] = NAN;
			double t0 = now();
			/* the minibatch error is that of the forward the update uses, as the released code records it */
			double loss = dn_train_step(&n, &ws, B, xb, labels, o->lr, &wrong);
			epoch_t += now() - t0;
			loss_sum += loss, seen_batches++, seen_rows += (long)B;
			if (!isfinite(loss))
				res->diverged = 1;
			int end = bi + 1 == nbatch || res->diverged;
			if (u % o->eval_every == 0 || end || u > total - 5)
				EVALUATE(e, end);
			if (res->diverged)
				break;
		}
		res->train_seconds += epoch_t;
		res->epochs_done = e;
	}
#undef EVALUATE
	res->updates = u;
	double s5 = 0;
	int k5 = 0;
	for (long i = nrows - 1; i >= 0 && rows[i].update > u - 5; i--)
		s5 += rows[i].test_err, k5++;
	res->test_err_last5 = k5 ? s5 / k5 : NAN;
	res->train_err = rows[nrows - 1].train_err, res->test_err = rows[nrows - 1].test_err;
	rc = write_runfile(&of, o, &n, blas, rows, nrows, res, ntrain, ntest, pixel_mean, err);
done:
	if (rc)
		outfile_abort(&of);
	free(rows);
	free(xtest);
	free(xb);
	free(order);
	fmnist_free(&tr);
	fmnist_free(&te);
	dn_ws_free(&ws);
	dn_ws_free(&ews);
	dn_net_free(&n);
	return rc;
}
