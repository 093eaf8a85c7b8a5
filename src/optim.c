/* optim.c: SGD with projection (see optim.h). One fused pass per group in the common case (no momentum, no weight
 * decay): p <- max(0, p - lr g). */
#include "optim.h"

void optim_sgd_step(struct param_group *groups, int ngroups, const struct sgd_opts *o)
{
	for (int gi = 0; gi < ngroups; gi++) {
		struct param_group *G = &groups[gi];
		real *restrict p = G->p;
		const real *restrict g = G->g;
		const real lr = (real)G->lr;
		const int use_v = G->v && o->momentum > 0, decay = o->weight_decay > 0 && !G->inhibitory;
		if (!use_v && !decay) {
			if (G->nonneg) {
				for (size_t i = 0; i < G->n; i++) {
					real q = p[i] - lr * g[i];
					p[i] = q < 0 ? 0 : q;
				}
			} else {
				for (size_t i = 0; i < G->n; i++)
					p[i] -= lr * g[i];
			}
			continue;
		}
		const real mu = (real)o->momentum, shrink = (real)(1.0 - G->lr * o->weight_decay);
		for (size_t i = 0; i < G->n; i++) {
			real step = g[i];
			if (use_v)
				step = G->v[i] = mu * G->v[i] + g[i];
			real q = p[i] - lr * step;
			if (decay)
				q *= shrink;
			p[i] = (G->nonneg && q < 0) ? 0 : q;
		}
	}
}
