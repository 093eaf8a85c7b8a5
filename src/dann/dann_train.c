/* dann_train.c: the DANN paper's training run (see dann_train.h); the run file is the caller's. */
#define _POSIX_C_SOURCE 200809L
#include "dann/dann_train.h"
#include "dann/dann_fisher.h"
#include "core/blas.h"
#include "data/fmnist.h"
#include "core/rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* The per-layer statistics of a row (struct dn_row) after `updates` (finite) updates of the epoch: those of
 * Algorithms 5-6 when policy is not NULL, of Algorithm 4 when fisher is not NULL, NaN otherwise. */
static void row_stats(struct dn_row *R, long updates, const struct dn_policy_opts *policy,
		      const struct dn_fisher *fisher, const long *clip_n, const double *rate_sum, const long *guard_n)
{
	for (int l = 0; l < DN_LAYERS; l++) {
		const int any = updates > 0;
		R->clipped[l] = policy && policy->clip > 0 && any ? 100.0 * (double)clip_n[l] / (double)updates : NAN;
		R->rate[l] = policy && policy->scale && any ? rate_sum[l] / (double)updates : NAN;
		R->dnorm[l] = fisher && fisher->started ? fisher->dnorm[l] : NAN;
		R->floor[l] = fisher && fisher->started ? (double)fisher->floor[l] : NAN;
		R->guard[l] = fisher && any ? (double)guard_n[l] : NAN;
	}
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

int dn_train_run(const struct dn_train_opts *o, const struct dn_train_hooks *hooks, struct dn_train_result *res,
		 char *err)
{
	static const struct dn_train_hooks none = { 0 };
	if (!hooks)
		hooks = &none;
	memset(res, 0, sizeof *res);
	struct fmnist tr = { 0 }, te = { 0 };
	struct dn_net n = { 0 };
	struct dn_ws ws = { 0 }, ews = { 0 };
	struct dn_row *rows = NULL;
	real *xtest = NULL, *xb = NULL;
	size_t *order = NULL;
	uint8_t *labels = NULL;
	struct dn_fisher fisher = { 0 };
	struct dn_policy policy = { 0 };
	gsl_rng *sampler = NULL;
	blas_setup(res->blas, sizeof res->blas);
	if (o->epochs < 1 || o->eval_every < 1 || !(o->lr > 0))
		return inb_fail(err, INB_EUSAGE, "dann-train: epochs, eval interval and learning rate must be positive");
	const int fisher_on = o->m->rule == DN_RULE_FISHER, policy_on = dn_policy_on(&o->policy);
	if (policy_on && (o->m->kind != DN_DANN || o->m->rule != DN_RULE_SGD))
		return inb_fail(err, INB_EUSAGE, "dann-train: gradient clipping and rate scaling (Algorithms 5-6) apply to "
				"the DANN models trained by SGD (dann, dann-nc, dann-1i), not to %s", o->m->id);
	if (policy_on) {
		int rc0 = dn_policy_check(&o->policy, o->lr, err);
		if (rc0)
			return rc0;
	}
	const size_t batch = (size_t)o->m->batch;
	res->batch = batch;

	int rc = fmnist_load(o->data_dir, FMNIST_TRAIN, &tr, err);
	if (!rc)
		rc = fmnist_load(o->data_dir, FMNIST_TEST, &te, err);
	if (rc)
		goto done;
	const size_t ntrain = o->train_limit > 0 && (size_t)o->train_limit < tr.n ? (size_t)o->train_limit : tr.n;
	const size_t ntest = o->test_limit > 0 && (size_t)o->test_limit < te.n ? (size_t)o->test_limit : te.n;
	const size_t nbatch = (ntrain + batch - 1) / batch;
	const long total = o->epochs * (long)nbatch;
	const long maxrows = total / o->eval_every + o->epochs + 8;
	/* ColumnEi's first bias centres inputs of the training set's mean pixel (the released code hard-codes it) */
	double psum = 0;
	for (size_t i = 0; i < tr.n * FMNIST_PIXELS; i++)
		psum += tr.pixels[i];
	const double pixel_mean = psum / ((double)tr.n * FMNIST_PIXELS * 255.0);
	res->train_images = ntrain, res->test_images = ntest, res->pixel_mean = pixel_mean;

	xtest = malloc(ntest * FMNIST_PIXELS * sizeof *xtest);
	xb = malloc(batch * FMNIST_PIXELS * sizeof *xb);
	order = malloc(ntrain * sizeof *order);
	labels = malloc(batch);
	rows = calloc((size_t)maxrows, sizeof *rows);
	if (!xtest || !xb || !order || !labels || !rows) {
		rc = inb_fail(err, INB_EINTERNAL, "out of memory");
		goto done;
	}
	to_real(xtest, te.pixels, NULL, ntest);
	if ((rc = dn_net_alloc(&n, o->m, FMNIST_PIXELS, o->width, FMNIST_CLASSES, 0, o->seed, pixel_mean, err)) ||
	    (rc = dn_ws_alloc(&ws, &n, batch, err)) || (rc = dn_ws_alloc(&ews, &n, ntest, err)) ||
	    (fisher_on && (rc = dn_fisher_alloc(&fisher, &n, batch, err))) ||
	    (policy_on && (rc = dn_policy_alloc(&policy, &o->policy, o->lr, err))))
		goto done;
	res->width = n.width, res->inhibitory_units = n.L[0].ni ? n.L[0].ni : n.L[1].ni, res->parameters = n.nparams;

	long nrows = 0, u = 0, e;
	double loss_sum = 0, epoch_t = 0;
	long wrong = 0, seen_batches = 0, seen_rows = 0;
	/* the epoch's per-layer statistics so far (Algorithms 4-6) */
	long clip_n[DN_LAYERS] = { 0 }, guard_n[DN_LAYERS] = { 0 }, stat_n = 0;
	double rate_sum[DN_LAYERS] = { 0 };
	/* evaluates the test set, appends a row and hands it to the caller */
#define EVALUATE(epoch_, end_)                                                                                   \
	do {                                                                                                     \
		double te0 = inb_seconds();                                                                              \
		dn_forward(&n, &ews, ntest, xtest);                                                              \
		long tw = 0;                                                                                     \
		double tl = dn_loss(&n, &ews, ntest, te.labels, &tw, NULL);                                      \
		struct dn_row *R = &rows[nrows++];                                                               \
		R->update = u, R->epoch = (epoch_), R->epoch_end = (end_), R->diverged = res->diverged;          \
		R->train_err = seen_rows ? 100.0 * (double)wrong / (double)seen_rows : NAN;                      \
		R->train_loss = seen_batches ? loss_sum / (double)seen_batches : NAN;                            \
		R->test_err = 100.0 * (double)tw / (double)ntest, R->test_loss = tl;                             \
		R->train_s = epoch_t, R->eval_s = inb_seconds() - te0;                                                   \
		row_stats(R, stat_n, policy_on ? &o->policy : NULL, fisher_on ? &fisher : NULL, clip_n, rate_sum, \
			  guard_n);                                                                                \
		if (hooks->row && (rc = hooks->row(hooks->ctx, R, err)))                                         \
			goto done;                                                                               \
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
		/* d-NGD's labels come from a stream of their own, so the shuffles are those of the other models */
		if (fisher_on) {
			gsl_rng_free(sampler);
			if (!(sampler = rng_stream_alloc(RNG_DANN_FISHER, o->seed, (uint64_t)e, 0, 0))) {
				rc = inb_fail(err, INB_EINTERNAL, "out of memory");
				goto done;
			}
		}
		loss_sum = 0, wrong = 0, seen_batches = 0, seen_rows = 0, epoch_t = 0;
		stat_n = 0;
		for (int l = 0; l < DN_LAYERS; l++)
			clip_n[l] = 0, guard_n[l] = 0, rate_sum[l] = 0;
		for (size_t bi = 0; bi < nbatch; bi++) {
			size_t b0 = bi * batch, B = ntrain - b0 < batch ? ntrain - b0 : batch;
			to_real(xb, tr.pixels, order + b0, B);
			for (size_t k = 0; k < B; k++)
				labels[k] = tr.labels[order[b0 + k]];
			u++;
			if (o->poison_step == u)
				n.L[0].w[0] = NAN;
			double t0 = inb_seconds();
			/* the minibatch error is that of the forward the update uses, as the released code records it */
			double loss;
			if (fisher_on)
				loss = dn_fisher_train_step(&n, &ws, &fisher, B, xb, labels, o->lr, sampler, &wrong);
			else if (policy_on)
				loss = dn_policy_train_step(&n, &ws, &policy, B, xb, labels, &wrong);
			else
				loss = dn_train_step(&n, &ws, B, xb, labels, o->lr, &wrong);
			epoch_t += inb_seconds() - t0;
			if (isfinite(loss) && (policy_on || fisher_on)) {
				stat_n++;
				for (int l = 0; l < DN_LAYERS; l++) {
					if (policy_on)
						clip_n[l] += policy.clipped[l], rate_sum[l] += policy.rate[l] / o->lr;
					if (fisher_on)
						guard_n[l] += fisher.guard[l], res->guard_total += fisher.guard[l];
				}
				if (fisher_on)
					res->bad_logits_total += fisher.bad_logits;
				if (fisher_on && hooks->update &&
				    (rc = hooks->update(hooks->ctx, u, e, fisher.cos_fu, fisher.cos_fh, err)))
					goto done;
			}
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
done:
	free(rows);
	free(xtest);
	free(xb);
	free(order);
	free(labels);
	fmnist_free(&tr);
	fmnist_free(&te);
	gsl_rng_free(sampler);
	dn_fisher_free(&fisher);
	dn_policy_free(&policy);
	dn_ws_free(&ws);
	dn_ws_free(&ews);
	dn_net_free(&n);
	return rc;
}
