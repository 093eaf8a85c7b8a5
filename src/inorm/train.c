/* train.c: the training loop (see train.h). It prints nothing and writes no file: each epoch's record and the
 * progress go to the caller's hooks. */
#define _POSIX_C_SOURCE 200809L
#include "inorm/train.h"
#include "core/blas.h"
#include "data/fmnist.h"
#include "data/luminance.h"
#include "stats/metrics.h"
#include "core/rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EVAL_BATCH 500

/* Moments (4.5.9)-(4.5.11) of one hidden layer's recorded activity over a set of rows (metrics.h): sums of the
 * per-batch values weighted by the batch's rows, divided out at the end of the epoch. */
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

/* The epoch's moment sums, kept until its record is made. */
struct epoch_moments {
	struct moments last[2];  /* authors' record: last batch of 32 training images, fresh shifts, end of epoch */
	struct moments test[2];  /* averaged over the whole test pass */
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
	/* the local loss and the task loss see the same parameters and batch; one simultaneous update ((4.4.2a)).
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

/* The record of an epoch: its moment sums divided out (NaN where no rows were seen). */
static void finish_epoch(struct runfile_epoch *R, const struct epoch_moments *m)
{
	for (int l = 0; l < 2; l++) {
		double k = m->last[l].rows ? (double)m->last[l].rows : NAN;
		R->mu[l] = m->last[l].mu / k, R->var[l] = m->last[l].var / k;
	}
	for (int l = 0; l < 2; l++) {
		double k = m->test[l].rows ? (double)m->test[l].rows : NAN;
		R->mu_test[l] = m->test[l].mu / k, R->var_test[l] = m->test[l].var / k, R->sq_test[l] = m->test[l].sq / k;
	}
}

int train_run(const struct train_opts *o, const struct train_hooks *hooks, struct train_result *res, char *err)
{
	static const struct train_hooks none = { 0 };
	if (!hooks)
		hooks = &none;
	memset(res, 0, sizeof *res);
	struct data d;
	memset(&d, 0, sizeof d);
	struct net n;
	struct net_ws ws;
	memset(&n, 0, sizeof n);
	memset(&ws, 0, sizeof ws);
	gsl_rng *shuf = NULL;
	blas_setup(res->blas, sizeof res->blas);

	int rc = fmnist_load(o->data_dir, FMNIST_TRAIN, &d.train, err);
	if (!rc)
		rc = fmnist_load(o->data_dir, FMNIST_TEST, &d.test, err);
	if (rc)
		goto done;
	d.ntrain = o->train_limit > 0 && (size_t)o->train_limit < d.train.n ? (size_t)o->train_limit : d.train.n;
	d.ntest = o->test_limit > 0 && (size_t)o->test_limit < d.test.n ? (size_t)o->test_limit : d.test.n;
	res->train_images = d.ntrain, res->test_images = d.ntest;
	size_t nmax = d.train.n > d.test.n ? d.train.n : d.test.n;
	d.delta = malloc(nmax * sizeof *d.delta);
	d.x = malloc((size_t)EVAL_BATCH * NET_INPUTS * sizeof *d.x);
	d.order = malloc(d.ntrain * sizeof *d.order);
	if (!d.delta || !d.x || !d.order) {
		rc = inb_fail(err, INB_EINTERNAL, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < d.ntrain; i++)
		d.order[i] = i;
	if ((rc = net_alloc(&n, o->model, &o->net, err)) || (rc = net_ws_alloc(&ws, &n, EVAL_BATCH, err)))
		goto done;
	if (o->sgd.momentum > 0 && (rc = net_enable_momentum(&n, err)))
		goto done;
	res->inhibitory_units = n.ni_hidden, res->parameters = n.nparams;

	const size_t nbatch = (d.ntrain + TRAIN_BATCH - 1) / TRAIN_BATCH;
	double started = inb_seconds(), train_total = 0;
	long e;
	for (e = 1; e <= o->epochs; e++) {
		struct runfile_epoch R = { .epoch = e };
		struct epoch_moments mom = { 0 };
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
		double t0 = inb_seconds(), loss_sum = 0, local_sum = 0, last_report = t0;
		R.out_align = R.grad_align = NAN;
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
				R.out_align = ex.out_align, R.grad_align = ex.grad_align;
			seen += B;
			loss_sum += loss * (double)B;
			if (!isfinite(loss)) {
				R.diverged = res->diverged = 1;
				break;
			}
			if (hooks->progress && (inb_seconds() - last_report > 0.5 || bi + 1 == nbatch)) {
				last_report = inb_seconds();
				double el = last_report - started, done_frac = ((double)(e - 1) + (double)(bi + 1) / nbatch);
				const struct train_progress p = { e, o->epochs, bi + 1, nbatch, loss_sum / (double)seen,
								  (double)seen / (last_report - t0),
								  el / done_frac * ((double)o->epochs - done_frac) };
				hooks->progress(hooks->ctx, &p);
			}
		}
		double t1 = inb_seconds();
		R.train_seconds = t1 - t0;
		train_total += R.train_seconds;
		R.train_loss = loss_sum / (double)seen;
		R.train_acc = 100.0 * (double)correct / (double)seen;
		R.local_loss = model_is_inorm(o->model) ? local_sum / (double)seen : NAN;

		/* the authors' moment record: the last 32 training images, with the train-evaluation pass's shifts */
		if ((rc = luminance_draw(d.delta, d.train.n, o->eps, o->seed, (unsigned long)e, LUM_TRAIN_EVAL, err)))
			goto done;
		double dummy_loss = 0;
		long dummy_correct = 0;
		size_t last_n = d.ntrain < TRAIN_BATCH ? d.ntrain : TRAIN_BATCH;
		evaluate(&n, &ws, &d, &d.train, d.ntrain - last_n, last_n, &dummy_loss, &dummy_correct, mom.last);

		if ((rc = luminance_draw(d.delta, d.test.n, o->eps, o->seed, (unsigned long)e, LUM_TEST, err)))
			goto done;
		double tl = 0;
		long tc = 0;
		evaluate(&n, &ws, &d, &d.test, 0, d.ntest, &tl, &tc, mom.test);
		R.test_loss = tl / (double)d.ntest;
		R.test_acc = 100.0 * (double)tc / (double)d.ntest;
		R.eval_seconds = inb_seconds() - t1;
		finish_epoch(&R, &mom);
		res->epochs_done = e;
		res->final_test_acc = R.test_acc;
		res->final_train_loss = R.train_loss;
		if (hooks->epoch && (rc = hooks->epoch(hooks->ctx, &R, err)))
			goto done;
		if (R.diverged)
			break;
	}
	res->train_seconds = train_total;
done:
	free(d.delta);
	free(d.x);
	free(d.order);
	fmnist_free(&d.train);
	fmnist_free(&d.test);
	net_ws_free(&ws);
	net_free(&n);
	return rc;
}
