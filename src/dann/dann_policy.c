/* dann_policy.c: Algorithms 5 and 6, per-layer gradient-norm clipping and learning-rate scaling (see dann_policy.h;
 * paper/dann-4-updates.md). Norms and cosines are summed in double; the candidates of Algorithm 6 are computed in
 * the precision of the step, so the chosen rate's cosine is that of the parameters the step then writes. */
#include "dann/dann_policy.h"
#include "nn/kernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int dn_policy_on(const struct dn_policy_opts *o)
{
	return o->clip > 0 || o->scale;
}

int dn_policy_check(const struct dn_policy_opts *o, double lr, char *err)
{
	if (!(isfinite(o->clip) && o->clip >= 0))
		return inb_fail(err, INB_EUSAGE, "dann-train: gradient-norm bound (--clip-norm) %g: expected a finite value "
				">= 0 (0: off)", o->clip);
	if (!o->scale)
		return INB_OK;
	if (!(o->cos_eps >= 0 && o->cos_eps <= 1))
		return inb_fail(err, INB_EUSAGE, "dann-train: cosine tolerance (--cos-eps) %g: expected a value in [0, 1]",
				o->cos_eps);
	if (o->lr_n < 2)
		return inb_fail(err, INB_EUSAGE, "dann-train: %ld candidate rates (--lr-n): expected at least 2", o->lr_n);
	if (!(o->lr_min >= 0 && o->lr_min < lr))
		return inb_fail(err, INB_EUSAGE, "dann-train: smallest candidate rate (--lr-min) %g: expected a value >= 0 "
				"and below the run's rate %g", o->lr_min, lr);
	return INB_OK;
}

int dn_policy_alloc(struct dn_policy *p, const struct dn_policy_opts *o, double lr, char *err)
{
	memset(p, 0, sizeof *p);
	int rc = dn_policy_check(o, lr, err);
	if (rc)
		return rc;
	p->o = *o;
	const long n = o->scale ? o->lr_n : 1;
	if (!(p->xi = malloc((size_t)n * sizeof *p->xi)))
		return inb_fail(err, INB_EINTERNAL, "out of memory");
	/* (D4.17): xi_m = lr + m (lr_min - lr) / (n - 1), the last exactly lr_min */
	p->xi[0] = lr;
	for (long m = 1; m < n; m++)
		p->xi[m] = m == n - 1 ? o->lr_min : lr + (double)m * ((o->lr_min - lr) / (double)(n - 1));
	for (int l = 0; l < DN_LAYERS; l++)
		p->rate[l] = lr, p->cosine[l] = NAN;
	return INB_OK;
}

void dn_policy_free(struct dn_policy *p)
{
	free(p->xi);
	memset(p, 0, sizeof *p);
}

double dn_layer_grad_norm(const struct dn_net *n, int l)
{
	double s = 0;
	for (int t = 0; t < n->ntensors; t++) {
		const struct dn_tensor *T = &n->T[t];
		if (T->layer == l)
			for (size_t i = 0; i < T->len; i++)
				s += (double)T->g[i] * (double)T->g[i];
	}
	return sqrt(s);
}

int dn_layer_clip(struct dn_net *n, int l, double M, double *norm)
{
	const double g = dn_layer_grad_norm(n, l), r = M / (g + DN_CLIP_EPS);
	if (norm)
		*norm = g;
	if (!(r < 1))
		return 0;
	const real f = (real)r;
	for (int t = 0; t < n->ntensors; t++) {
		const struct dn_tensor *T = &n->T[t];
		if (T->layer == l)
			for (size_t i = 0; i < T->len; i++)
				T->g[i] *= f;
	}
	return 1;
}

double dn_layer_cosine(const struct dn_net *n, int l, double eta)
{
	const real e = (real)eta;
	double kept = 0, all = 0;
	for (int t = 0; t < n->ntensors; t++) {
		const struct dn_tensor *T = &n->T[t];
		if (T->layer != l || !T->clamp)
			continue;
		for (size_t i = 0; i < T->len; i++) {
			const real v = T->p[i] - e * T->g[i];
			const double v2 = (double)v * (double)v;
			all += v2;
			if (v > 0)
				kept += v2;
		}
	}
	return sqrt(kept) / sqrt(all);
}

/* (D4.18). The comparisons are written as the released code writes them, so that a NaN cosine (v = 0) leaves the
 * index and the rate as they are. */
double dn_policy_rate(struct dn_policy *p, const struct dn_net *n, int l)
{
	const double tau = 1 - p->o.cos_eps;
	const long last = p->o.lr_n - 1;
	long m = p->at[l];
	double eta = p->xi[m], c = dn_layer_cosine(n, l, eta);
	if (c < tau) {
		/* shrink: down the list until the cosine holds or the list ends */
		while (c < tau) {
			if (m == last)
				break;
			if (m == last - 1) {
				m++; /* the index moves to the last candidate, the rate stays xi_{n-2} for this update */
				break;
			}
			m++;
			eta = p->xi[m];
			c = dn_layer_cosine(n, l, eta);
		}
	} else if (c >= tau && m != 0) {
		/* grow: up the list while the cosine holds */
		while (c >= tau) {
			if (m == 0)
				break;
			m--;
			eta = p->xi[m];
			c = dn_layer_cosine(n, l, eta);
		}
		if (c < tau)
			m++; /* one step too far: the index comes back, the rate stays the larger one for this update */
	}
	p->at[l] = m;
	p->cosine[l] = c;
	return eta;
}

void dn_layer_step(struct dn_net *n, int l, double eta)
{
	const real e = (real)eta;
	for (int t = 0; t < n->ntensors; t++) {
		const struct dn_tensor *T = &n->T[t];
		if (T->layer == l)
			nn_sgd_step(T->len, T->p, T->g, e, T->clamp);
	}
}

double dn_policy_train_step(struct dn_net *n, struct dn_ws *ws, struct dn_policy *p, size_t B, const real *x,
			    const uint8_t *labels, long *wrong)
{
	dn_forward(n, ws, B, x);
	double loss = dn_loss(n, ws, B, labels, wrong, ws->dz);
	if (!isfinite(loss))
		return loss;
	dn_backward(n, ws, B, x);
	if (n->m->correct)
		dn_correct(n);
	for (int l = 0; l < DN_LAYERS; l++) {
		if (p->o.clip > 0)
			p->clipped[l] = dn_layer_clip(n, l, p->o.clip, &p->gnorm[l]);
		else
			p->clipped[l] = 0, p->gnorm[l] = dn_layer_grad_norm(n, l);
		p->rate[l] = p->o.scale ? dn_policy_rate(p, n, l) : p->xi[0];
		dn_layer_step(n, l, p->rate[l]);
	}
	return loss;
}
