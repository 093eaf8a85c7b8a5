/* inorm_layer.c: the I-Norm layer (see inorm_layer.h). Matrix products through gemm.h; per-row work in double. */
#include "inorm/inorm_layer.h"
#include "core/gemm.h"
#include "inorm/layernorm.h"
#include "nn/kernels.h"
#include "stats/metrics.h"
#include "core/reduce.h"

#include <math.h>
#include <string.h>

/* One sample of (2.2.1) and (2.2.3) after the product X W_ex^T in s (n): s += b - inh, z = s * inv_d, h = ReLU(z)
 * letting NaN through. Distinct arrays and no branch, so that the compiler vectorises it. */
INB_VECTORISED
static void drive_row(size_t n, const real *restrict b, const real *restrict inh, real inv_d, real *restrict s,
		      real *restrict z, real *restrict h)
{
	for (size_t k = 0; k < n; k++) {
		s[k] += b[k] - inh[k];
		z[k] = s[k] * inv_d;
		h[k] = z[k] <= 0 ? 0 : z[k];
	}
}

/* gi (n) = (a + b (z - m)) * f: one sample's local-loss gradient with respect to the inhibition */
INB_VECTORISED
static void local_grad_row(size_t n, const real *restrict z, double a, double b, double m, double f,
			   real *restrict gi)
{
	for (size_t k = 0; k < n; k++)
		gi[k] = (real)((a + b * (z[k] - m)) * f);
}

/* out (n) = f p (n) */
INB_VECTORISED
static void scale_row(size_t n, double f, const real *restrict p, real *restrict out)
{
	for (size_t k = 0; k < n; k++)
		out[k] = (real)(f * p[k]);
}

void inorm_layer_forward(const struct inorm_layer *l, size_t B, const real *x, struct inorm_ws *w, int hold)
{
	const struct ei_layer *e = &l->e;
	const size_t ne = e->ne;
	if (!hold) {
		gemm_nt(B, e->ni, e->d, 1, x, e->wix, 0, w->a);       /* A = X W_ix^T */
		gemm_nt(B, ne, e->ni, 1, w->a, e->wei, 0, w->inh);     /* I = A W_ei^T (2.2.1) */
		if (l->divisive) {
			gemm_nt(B, ne, e->d, 1, x, l->bix, 0, w->p);   /* P = X U_ix^T (2.2.2) */
			for (size_t r = 0; r < B; r++) {
				const real *p = w->p + r * ne;
				w->d[r] = (real)sqrt(reduce_dot(ne, p, p) / (double)ne + LN_EPS);
			}
		} else {
			for (size_t r = 0; r < B; r++)
				w->d[r] = 1;
		}
	}
	gemm_nt(B, ne, e->d, 1, x, e->wex, 0, w->s);                   /* X W_ex^T */
	for (size_t r = 0; r < B; r++)
		drive_row(ne, e->b, w->inh + r * ne, 1 / w->d[r], w->s + r * ne, w->z + r * ne, w->h + r * ne);
}

double inorm_layer_local(const struct inorm_layer *l, size_t B, const real *x, struct inorm_ws *w,
			 const struct inorm_layer_step *st)
{
	const struct ei_layer *e = &l->e;
	const size_t ne = e->ne;
	const double c = 2.0 * l->lambda / ((double)B * (double)ne);
	double loss = 0;
	for (size_t r = 0; r < B; r++) {
		const real *z = w->z + r * ne;
		const double sz = reduce_sum(ne, z), m = sz / (double)ne;
		const double ss = reduce_sum_sq_dev(ne, z, m), v = ss / (double)ne;
		const double vt = l->divisive ? v - 1 : 0; /* the sub-only loss has no variance term */
		loss += m * m + vt * vt;
		/* dL/dU_bk = c (m_b + 2 (v_b - 1)(U_bk - m_b)); U = S / D with S = E - I; dL/dI = -gU / D */
		const double invd = 1.0 / w->d[r];
		local_grad_row(ne, z, c * m, 2 * c * vt, m, -invd, w->gu + r * ne);
		if (l->divisive) {
			/* dL/dD_b = -sum_k gU_bk U_bk / D_b, from the sums above:
			 * sum_k gU U = c (m sum_k U + 2 vt sum_k (U - m) U), sum_k (U - m) U = ss + m (sz - ne m);
			 * D_b = sqrt(mean_j P_bj^2 + c): dD_b/dP_bj = P_bj / (ne D_b) */
			const double gz = c * (m * sz + 2 * vt * (ss + m * (sz - (double)ne * m)));
			scale_row(ne, -gz * invd * invd / (double)ne, w->p + r * ne, w->gp + r * ne);
		}
	}
	gemm_nn(B, e->ni, ne, 1, w->gu, e->wei, 0, w->t);        /* dL/dA = dL/dI W_ei */
	if (st) {
		optim_gemm_step(e->ni, e->d, B, w->t, e->ni, x, e->wix, &st->ix);
		if (l->divisive)
			optim_gemm_step(ne, e->d, B, w->gp, ne, x, l->bix, &st->bix);
		else
			optim_gemm_step(ne, e->ni, B, w->gu, ne, w->a, e->wei, &st->ei);
		return l->lambda * loss / (double)B;
	}
	gemm_tn(e->ni, e->d, B, 1, w->t, x, 0, e->gwix);         /* dL/dW_ix = (dL/dA)^T X */
	if (l->divisive)
		gemm_tn(ne, e->d, B, 1, w->gp, x, 0, l->gbix);   /* dL/dU_ix = (dL/dP)^T X */
	else
		gemm_tn(ne, e->ni, B, 1, w->gu, w->a, 0, e->gwei); /* dL/dW_ei = (dL/dI)^T A */
	return l->lambda * loss / (double)B;
}

void inorm_layer_backward(const struct inorm_layer *l, size_t B, const real *x, struct inorm_ws *w, const real *dh,
			  real *ds, real *dx, const struct inorm_layer_step *st)
{
	const struct ei_layer *e = &l->e;
	const size_t ne = e->ne;
	for (size_t r = 0; r < B; r++) {
		const real *z = w->z + r * ne;
		real *o = ds + r * ne;
		nn_relu_backward(ne, z, dh + r * ne, o);                 /* ReLU */
		gradnorm_backward(l->mode, ne, o, z, l->nu, o);          /* GradNorm (identity when off) */
		const real inv = 1 / w->d[r];
		for (size_t k = 0; k < ne; k++)
			o[k] *= inv;                                     /* delta_E = delta' / D */
	}
	if (dx)
		gemm_nn(B, e->d, ne, 1, ds, e->wex, 0, dx);              /* through W^EE only, before any step */
	if (st) {
		optim_gemm_step(ne, e->d, B, ds, ne, x, e->wex, &st->ex);
		optim_bias_step(ne, B, ds, e->b, &st->bias);
		return;
	}
	gemm_tn(ne, e->d, B, 1, ds, x, 0, e->gwex);
	ei_layer_bias_grad(ne, B, ds, e->gb);
}

void inorm_layer_alignment(const struct inorm_layer *l, size_t B, const real *x, const struct inorm_ws *w,
			   real *u1, real *u2, real *ga, real *gb, double *out_align, double *grad_align)
{
	const size_t ne = l->e.ne, d = l->e.d;
	/* output alignment: cos(ReLU(LN(Z)), ReLU(Z)) */
	for (size_t r = 0; r < B; r++) {
		real *y = u1 + r * ne, *hz = u2 + r * ne;
		const real *z = w->z + r * ne;
		layernorm_forward(ne, z, y);
		for (size_t k = 0; k < ne; k++) {
			y[k] = y[k] > 0 ? y[k] : 0;
			hz[k] = z[k] > 0 ? z[k] : 0;
		}
	}
	*out_align = metrics_cosine(u1, u2, B * ne);
	/* gradient alignment of the surrogate sum ReLU(.) */
	for (size_t r = 0; r < B; r++) {
		real *ref = u1 + r * ne, *net = u2 + r * ne;
		const real *z = w->z + r * ne;
		if (l->mode == GN_LATERAL) {
			for (size_t k = 0; k < ne; k++)
				net[k] = z[k] > 0 ? 1 : 0;
			gradnorm_backward(GN_CENTER, ne, net, z, NULL, ref);
		} else {
			real sigma = layernorm_forward(ne, z, ref);       /* ref = y = LN(Z) */
			for (size_t k = 0; k < ne; k++)
				net[k] = ref[k] > 0 ? 1 : 0;              /* dy = 1[LN(Z) > 0] */
			layernorm_backward(ne, net, ref, sigma, ref);     /* exact LN Jacobian at Z */
		}
		for (size_t k = 0; k < ne; k++)
			net[k] = z[k] > 0 ? 1 : 0;
		gradnorm_backward(l->mode, ne, net, z, l->nu, net);
		const real inv = 1 / w->d[r];
		for (size_t k = 0; k < ne; k++)
			ref[k] *= inv, net[k] *= inv;
	}
	gemm_tn(ne, d, B, 1, u1, x, 0, ga);
	gemm_tn(ne, d, B, 1, u2, x, 0, gb);
	*grad_align = metrics_cosine(ga, gb, ne * d);
}

void inorm_layer_gemm_shapes(const struct inorm_layer *l, size_t B, int with_dx, struct gemm_shape *out, int *count)
{
	const struct ei_layer *e = &l->e;
	/* mirrors the calls above: forward, local loss, task backward */
	const struct gemm_shape all[] = {
		{ 0, 1, B, e->ni, e->d },                      /* A = X W_ix^T */
		{ 0, 1, B, e->ne, e->ni },                     /* I = A W_ei^T */
		{ 0, 1, B, l->divisive ? e->ne : 0, e->d },    /* P = X U_ix^T */
		{ 0, 1, B, e->ne, e->d },                      /* X W_ex^T */
		{ 0, 0, B, e->ni, e->ne },                     /* dL/dA */
		{ 1, 0, e->ni, e->d, B },                      /* dL/dW_ix */
		{ 1, 0, e->ne, l->divisive ? e->d : e->ni, B },/* dL/dU_ix, or dL/dW_ei */
		{ 0, 0, B, with_dx ? e->d : 0, e->ne },        /* dX = delta_E W_ex */
		{ 1, 0, e->ne, e->d, B },                      /* dW_ex */
	};
	for (int i = 0; i < 9; i++)
		if (all[i].m && all[i].n && all[i].k)
			out[(*count)++] = all[i];
}
