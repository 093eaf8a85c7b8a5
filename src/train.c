/* train.c: the training loop and the run file (see train.h). */
#define _POSIX_C_SOURCE 200809L
#include "train.h"
#include "blas.h"
#include "fmnist.h"
#include "luminance.h"
#include "metrics.h"
#include "outfile.h"
#include "rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EVAL_BATCH 500

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Moments of one hidden layer's recorded activity over a set of rows (spec §7.2; metrics.h): sums of the
 * per-batch values weighted by the batch's rows, divided out when the row is written. */
struct moments {
	double mu, var, sq;
	long rows;
};

static void moments_add(struct moments *m, const real *z, size_t B, size_t n)
{
	struct metrics_moments b;
	if (metrics_moments(z, B, n, &b, NULL) != INB_OK)
		return;
	m->mu += b.mu * (double)B;
	m->var += b.var * (double)B;
	m->sq += b.m2 * (double)B;
	m->rows += (long)B;
}

struct row {
	long epoch;
	double train_loss, train_acc, test_loss, test_acc;
	double local_loss;       /* mean over the epoch's batches of the summed I-Norm local losses */
	double out_align, grad_align; /* spec §7.3, at the epoch's last training step, mean over hidden layers */
	struct moments last[2];  /* authors' record: last batch of 32 training images, fresh shifts, end of epoch */
	struct moments test[2];  /* averaged over the whole test pass */
	int diverged;
	double train_s, eval_s;
};

struct data {
	struct fmnist train, test;
	real *delta;  /* (max n) shifts of the current pass */
	real *x;      /* (EVAL_BATCH, 784) input batch */
	size_t *order;
	size_t ntrain, ntest;
};

/* Forward pass over rows [first, first + count) of ds with the shifts in d->delta; accumulates loss, correct
 * answers and (if mom is not NULL) the moments of each hidden layer's pre-activation. */
static void evaluate(const struct net *n, struct net_ws *ws, struct data *d, const struct fmnist *ds, size_t first,
		     size_t count, double *loss_sum, long *correct, struct moments mom[2])
{
	for (size_t b0 = first; b0 < first + count; b0 += EVAL_BATCH) {
		size_t B = first + count - b0 < EVAL_BATCH ? first + count - b0 : EVAL_BATCH;
		luminance_batch(d->x, ds->pixels, d->delta, NULL, b0, B);
		net_forward(n, ws, B, d->x);
		*loss_sum += net_loss(n, ws, B, ds->labels + b0, correct, NULL) * (double)B;
		if (mom)
			for (int l = 0; l < 2; l++)
				moments_add(&mom[l], ws->rec[l], B, n->layer[l].ne);
	}
}

double train_step(struct net *n, struct net_ws *ws, size_t B, const real *x, const uint8_t *labels,
		  const struct sgd_opts *o, long *correct, struct step_extra *extra)
{
	net_forward(n, ws, B, x);
	double loss = net_loss(n, ws, B, labels, correct, ws->ds);
	if (!isfinite(loss))
		return loss;
	/* the local loss and the task loss see the same parameters and batch; one simultaneous update (spec §5.2).
	 * Without momentum and weight decay (every run of the paper) the step is fused into the products that compute
	 * the gradients: the local loss steps only parameters the task backward does not read, and each layer's task
	 * step follows the error it passes down, so the update is still simultaneous. */
	const int fused = !(o->momentum > 0) && !(o->weight_decay > 0);
	double local = fused ? net_local_step(n, ws, B, x, NULL) : net_local(n, ws, B, x, NULL);
	if (extra) {
		extra->local_loss = local;
		if (extra->want_alignment)
			net_alignment(n, ws, B, x, &extra->out_align, &extra->grad_align);
	}
	if (fused) {
		net_backward_step(n, ws, B, x);
	} else {
		net_backward(n, ws, B, x);
		net_step(n, o);
	}
	return loss;
}

static void progress_line(const struct train_opts *o, long epoch, size_t batch, size_t nbatch, double loss,
			  double rate, double left)
{
	fprintf(stderr, "\r%s eps=%g epoch %ld/%ld batch %zu/%zu loss %.4f %6.0f img/s %4.0fs left   ", o->model->id,
		o->eps, epoch, o->epochs, batch, nbatch, loss, rate, left);
	fflush(stderr);
}

/* Writes the run into the open temporary of and renames it into place. */
static int write_runfile(struct outfile *of, const struct train_opts *o, const struct net *n, const char *blas,
			 const struct row *rows, long nrows, const struct train_result *res, const struct data *d,
			 char *err)
{
	FILE *f = of->fp;
	fprintf(f, "# inhibnorm run file\n");
	fprintf(f, "# version: %s\n", inb_version);
	fprintf(f, "# command: %s\n", o->cmdline ? o->cmdline : "");
	fprintf(f, "# model: %s (%s)\n", o->model->id, o->model->legend);
	fprintf(f, "# config: %ld\n", o->config);
	fprintf(f, "# width: %ld\n# lr: %.17g\n# lr_wix: %.17g\n# lr_wei: %.17g\n", n->o.width, n->o.lr, n->o.lr_wix,
		n->o.lr_wei);
	fprintf(f, "# eps: %g\n# seed: %lu\n# epochs: %ld\n", o->eps, o->seed, o->epochs);
	fprintf(f, "# batch: %d\n# train_images: %zu\n# test_images: %zu\n# shuffle: %s\n", TRAIN_BATCH, d->ntrain,
		d->ntest, o->shuffle ? "yes" : "no");
	if (model_is_inorm(o->model))
		fprintf(f, "# lambda: %g\n# gradnorm: %s\n", n->o.lambda, gradnorm_name(o->model->mode));
	fprintf(f, "# label_smoothing: %g\n# init: %s\n# momentum: %g\n# weight_decay: %g\n", n->o.label_smoothing,
		n->o.dist == INIT_EXPONENTIAL ? "exponential" : "lognormal", o->sgd.momentum, o->sgd.weight_decay);
	fprintf(f, "# inhibitory_units: %zu\n# parameters: %zu\n# precision: %s\n", n->ni_hidden, n->nparams, REAL_NAME);
	fprintf(f, "# blas: %s\n", blas);
	if (res->diverged)
		fprintf(f, "# diverged: yes, non-finite training loss in epoch %ld\n", res->epochs_done);
	else
		fprintf(f, "# diverged: no\n");
	fprintf(f, "# columns: accuracies in percent; l<k>_mu/var: hidden layer k pre-activation, mean and centred "
		   "variance across units, last 32 training images with fresh shifts after the epoch (spec 7.2); "
		   "*_test: the same and the raw second moment averaged over the test pass (I-Norm models: Z, the "
		   "normalised pre-activation); local_loss: I-Norm local loss; out_align, grad_align: output and gradient "
		   "alignment at the epoch's last training step (spec 7.3), nan for models without I-Norm layers\n");
	fprintf(f, "epoch\ttrain_loss\ttrain_acc\ttest_loss\ttest_acc\tl0_mu\tl0_var\tl1_mu\tl1_var\tl0_mu_test\t"
		   "l0_var_test\tl0_sq_test\tl1_mu_test\tl1_var_test\tl1_sq_test\tlocal_loss\tout_align\tgrad_align\t"
		   "diverged\ttrain_seconds\teval_seconds\n");
	for (long i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		fprintf(f, "%ld\t%.6g\t%.4f\t%.6g\t%.2f", r->epoch, r->train_loss, r->train_acc, r->test_loss,
			r->test_acc);
		for (int l = 0; l < 2; l++) {
			double k = r->last[l].rows ? (double)r->last[l].rows : NAN;
			fprintf(f, "\t%.6g\t%.6g", r->last[l].mu / k, r->last[l].var / k);
		}
		for (int l = 0; l < 2; l++) {
			double k = r->test[l].rows ? (double)r->test[l].rows : NAN;
			fprintf(f, "\t%.6g\t%.6g\t%.6g", r->test[l].mu / k, r->test[l].var / k, r->test[l].sq / k);
		}
		fprintf(f, "\t%.6g\t%.6g\t%.6g", r->local_loss, r->out_align, r->grad_align);
		fprintf(f, "\t%d\t%.3f\t%.3f\n", r->diverged, r->train_s, r->eval_s);
	}
	return outfile_commit(of, err);
}

int train_run(const struct train_opts *o, struct train_result *res, char *err)
{
	memset(res, 0, sizeof *res);
	struct data d;
	memset(&d, 0, sizeof d);
	struct net n;
	struct net_ws ws;
	memset(&n, 0, sizeof n);
	memset(&ws, 0, sizeof ws);
	struct row *rows = NULL;
	gsl_rng *shuf = NULL;
	char blas[256];
	blas_setup(blas, sizeof blas);
	struct outfile of = { 0 };

	/* open the output first, so that an unwritable path fails before any training */
	int rc = outfile_open(&of, o->out, err);
	if (!rc)
		rc = fmnist_load(o->data_dir, FMNIST_TRAIN, &d.train, err);
	if (!rc)
		rc = fmnist_load(o->data_dir, FMNIST_TEST, &d.test, err);
	if (rc)
		goto done;
	d.ntrain = o->train_limit > 0 && (size_t)o->train_limit < d.train.n ? (size_t)o->train_limit : d.train.n;
	d.ntest = o->test_limit > 0 && (size_t)o->test_limit < d.test.n ? (size_t)o->test_limit : d.test.n;
	size_t nmax = d.train.n > d.test.n ? d.train.n : d.test.n;
	d.delta = malloc(nmax * sizeof *d.delta);
	d.x = malloc((size_t)EVAL_BATCH * NET_INPUTS * sizeof *d.x);
	d.order = malloc(d.ntrain * sizeof *d.order);
	rows = calloc((size_t)o->epochs, sizeof *rows);
	if (!d.delta || !d.x || !d.order || !rows) {
		rc = inb_fail(err, INB_EINTERNAL, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < d.ntrain; i++)
		d.order[i] = i;
	if ((rc = net_alloc(&n, o->model, &o->net, err)) || (rc = net_ws_alloc(&ws, &n, EVAL_BATCH, err)))
		goto done;
	if (o->sgd.momentum > 0 && (rc = net_enable_momentum(&n, err)))
		goto done;

	const size_t nbatch = (d.ntrain + TRAIN_BATCH - 1) / TRAIN_BATCH;
	double started = now(), train_total = 0;
	long e;
	for (e = 1; e <= o->epochs; e++) {
		struct row *R = &rows[e - 1];
		R->epoch = e;
		if (o->shuffle) {
			shuf = rng_stream_alloc(RNG_SHUFFLE, o->seed, (uint64_t)e, 0, 0);
			if (!shuf) {
				rc = inb_fail(err, INB_EINTERNAL, "out of memory");
				goto done;
			}
			for (size_t i = 0; i < d.ntrain; i++)
				d.order[i] = i;
			gsl_ran_shuffle(shuf, d.order, d.ntrain, sizeof *d.order);
			gsl_rng_free(shuf);
			shuf = NULL;
		}
		if ((rc = luminance_draw(d.delta, d.train.n, o->eps, o->seed, (unsigned long)e, LUM_TRAIN, err)))
			goto done;
		double t0 = now(), loss_sum = 0, local_sum = 0, last_report = t0;
		R->out_align = R->grad_align = NAN;
		long correct = 0;
		size_t seen = 0;
		for (size_t bi = 0; bi < nbatch; bi++) {
			size_t b0 = bi * TRAIN_BATCH, B = d.ntrain - b0 < TRAIN_BATCH ? d.ntrain - b0 : TRAIN_BATCH;
			luminance_batch(d.x, d.train.pixels, d.delta, d.order + b0, 0, B);
			uint8_t labels[TRAIN_BATCH];
			for (size_t r = 0; r < B; r++)
				labels[r] = d.train.labels[d.order[b0 + r]];
			if (o->poison_step > 0 && (long)((e - 1) * (long)nbatch + (long)bi + 1) == o->poison_step)
				n.layer[0].wex[0] = NAN;
			struct step_extra ex = { .want_alignment = bi + 1 == nbatch };
			double loss = train_step(&n, &ws, B, d.x, labels, &o->sgd, &correct, &ex);
			local_sum += ex.local_loss * (double)B;
			if (ex.want_alignment)
				R->out_align = ex.out_align, R->grad_align = ex.grad_align;
			seen += B;
			loss_sum += loss * (double)B;
			if (!isfinite(loss)) {
				R->diverged = res->diverged = 1;
				break;
			}
			if (o->progress && (now() - last_report > 0.5 || bi + 1 == nbatch)) {
				last_report = now();
				double el = last_report - started, done_frac = ((double)(e - 1) + (double)(bi + 1) / nbatch);
				double rate = (double)seen / (last_report - t0);
				progress_line(o, e, bi + 1, nbatch, loss_sum / (double)seen, rate,
					      el / done_frac * ((double)o->epochs - done_frac));
			}
		}
		double t1 = now();
		R->train_s = t1 - t0;
		train_total += R->train_s;
		R->train_loss = loss_sum / (double)seen;
		R->train_acc = 100.0 * (double)correct / (double)seen;
		R->local_loss = model_is_inorm(o->model) ? local_sum / (double)seen : NAN;

		/* the authors' moment record: the last 32 training images, with the train-evaluation pass's shifts */
		if ((rc = luminance_draw(d.delta, d.train.n, o->eps, o->seed, (unsigned long)e, LUM_TRAIN_EVAL, err)))
			goto done;
		double dummy_loss = 0;
		long dummy_correct = 0;
		size_t last_n = d.ntrain < TRAIN_BATCH ? d.ntrain : TRAIN_BATCH;
		evaluate(&n, &ws, &d, &d.train, d.ntrain - last_n, last_n, &dummy_loss, &dummy_correct, R->last);

		if ((rc = luminance_draw(d.delta, d.test.n, o->eps, o->seed, (unsigned long)e, LUM_TEST, err)))
			goto done;
		double tl = 0;
		long tc = 0;
		evaluate(&n, &ws, &d, &d.test, 0, d.ntest, &tl, &tc, R->test);
		R->test_loss = tl / (double)d.ntest;
		R->test_acc = 100.0 * (double)tc / (double)d.ntest;
		R->eval_s = now() - t1;
		res->epochs_done = e;
		res->final_test_acc = R->test_acc;
		res->final_train_loss = R->train_loss;
		if (R->diverged)
			break;
	}
	if (o->progress)
		fprintf(stderr, "\n");
	res->train_seconds = train_total;
	rc = write_runfile(&of, o, &n, blas, rows, res->epochs_done, res, &d, err);
done:
	if (rc)
		outfile_abort(&of);
	free(rows);
	free(d.delta);
	free(d.x);
	free(d.order);
	fmnist_free(&d.train);
	fmnist_free(&d.test);
	net_ws_free(&ws);
	net_free(&n);
	return rc;
}
