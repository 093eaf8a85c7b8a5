/* optim.c: SGD with projection (see optim.h). One fused pass per group in the common case (no momentum, no weight
 * decay): p <- max(0, p - lr g). */
#include "inorm/optim.h"
#include "core/gemm.h"
#include "nn/kernels.h"

void optim_sgd_step(struct param_group *groups, int ngroups, const struct sgd_opts *o)
{
	for (int gi = 0; gi < ngroups; gi++) {
		struct param_group *G = &groups[gi];
		real *restrict p = G->p;
		const real *restrict g = G->g;
		const real lr = (real)G->lr;
		const int use_v = G->v && o->momentum > 0, decay = o->weight_decay > 0 && !G->inhibitory;
		if (!use_v && !decay) {
			nn_sgd_step(G->n, p, g, lr, G->nonneg);
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

/* Values of W per block of the fused step (256 KiB in float): a block is projected while it is still in the L2
 * cache, and blocks stay large enough that the product does not repack its right operand often. Measured here: 8192
 * values per block cost up to 25 % of the step, 65536 and more were within the noise of one unblocked product. */
#define STEP_BLOCK_VALUES 65536

INB_VECTORISED
static void project(real *restrict p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = p[i] < 0 ? 0 : p[i];
}

void optim_gemm_step(size_t m, size_t n, size_t k, const real *a, size_t lda, const real *b, real *w,
		     const struct param_step *st)
{
	if (!m || !n || !k || st->lr == 0)
		return;
	size_t rows = st->nonneg ? STEP_BLOCK_VALUES / n : m;
	if (rows < 1)
		rows = 1;
	for (size_t r0 = 0; r0 < m; r0 += rows) {
		const size_t mr = m - r0 < rows ? m - r0 : rows;
		gemm_tn_ld(mr, n, k, -st->lr, a + r0, lda, b, n, 1, w + r0 * n, n);
		if (st->nonneg)
			project(w + r0 * n, mr * n);
	}
}

INB_VECTORISED
void optim_bias_step(size_t n, size_t B, const real *restrict ds, real *restrict b, const struct param_step *st)
{
	if (!n || st->lr == 0)
		return;
	enum { CHUNK = 256 };
	real g[CHUNK];
	for (size_t k0 = 0; k0 < n; k0 += CHUNK) {
		const size_t nk = n - k0 < CHUNK ? n - k0 : CHUNK;
		for (size_t k = 0; k < nk; k++)
			g[k] = 0;
		for (size_t r = 0; r < B; r++) /* rows added in order, as ei_layer_bias_grad does */
			for (size_t k = 0; k < nk; k++)
				g[k] += ds[r * n + k0 + k];
		for (size_t k = 0; k < nk; k++) {
			const real q = b[k0 + k] - st->lr * g[k];
			b[k0 + k] = st->nonneg && q < 0 ? 0 : q;
		}
	}
}
