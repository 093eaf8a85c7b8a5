/* dann_layer.c: one layer of the DANN paper's networks, forward and backward (DANN paper Eq. 1; §5.1 ColumnEi;
 * the LayerNorm and BatchNorm MLPs as the released code builds them; paper/dann-2-danns.md, dann-5-experiments.md).
 * Every product goes through gemm.h; nothing here allocates. The ReLU after a hidden layer is the caller's
 * (dann_net.c). Not here: initialisation (dann_init.c), Algorithm 3 and the step (dann_net.c). */
#include "dann/dann_net.h"
#include "core/gemm.h"

#include <math.h>
#include <string.h>

/* gb (n) = sum over the B rows of dz (B, n) */
static void colsum(size_t B, size_t n, const real *dz, real *out)
{
	for (size_t k = 0; k < n; k++)
		out[k] = 0;
	for (size_t r = 0; r < B; r++)
		for (size_t k = 0; k < n; k++)
			out[k] += dz[r * n + k];
}

/* u (B, n) = x W^T + b */
static void affine(const struct dn_layer *L, size_t B, const real *x, real *u)
{
	for (size_t r = 0; r < B; r++)
		memcpy(u + r * L->n, L->b, L->n * sizeof *u);
	gemm_nt(B, L->n, L->d, 1, x, L->w, 1, u);
}

/* Eq. 1: z = g / gamma * (z^E - W^EI z^I) + beta, gamma = W^EI (e^alpha * z^I) + 1e-8, z^E = W^EE x, z^I = W^IE x
 * (linear inhibitory units). */
static void dann_forward(const struct dn_layer *L, size_t B, const real *x, struct dn_acts *a)
{
	const size_t n = L->n, ni = L->ni;
	gemm_nt(B, n, L->d, 1, x, L->w, 0, a->u);         /* z^E */
	gemm_nt(B, ni, L->d, 1, x, L->wix, 0, a->zi);     /* z^I */
	gemm_nt(B, n, ni, -1, a->zi, L->wei, 1, a->u);    /* zhat = z^E - W^EI z^I */
	for (size_t r = 0; r < B; r++)
		for (size_t j = 0; j < ni; j++)
			a->si[r * ni + j] = a->zi[r * ni + j] * (real)exp((double)L->alpha[j]);
	gemm_nt(B, n, ni, 1, a->si, L->wei, 0, a->gam);   /* W^EI (e^alpha z^I) */
	for (size_t r = 0; r < B; r++)
		for (size_t k = 0; k < n; k++) {
			size_t i = r * n + k;
			a->gam[i] += (real)DN_GAMMA_FLOOR;
			a->z[i] = L->g[k] * a->u[i] / a->gam[i] + L->b[k];
		}
}

static void dann_backward(const struct dn_layer *L, size_t B, const real *x, const struct dn_acts *a, const real *dz,
			  real *dx, real *t1, real *t2, real *t3, real *t4)
{
	const size_t n = L->n, ni = L->ni, d = L->d;
	colsum(B, n, dz, L->gb);
	for (size_t k = 0; k < n; k++)
		L->gg[k] = 0;
	for (size_t r = 0; r < B; r++)
		for (size_t k = 0; k < n; k++) {
			size_t i = r * n + k;
			real q = a->u[i] / a->gam[i];
			L->gg[k] += dz[i] * q;
			t1[i] = dz[i] * L->g[k] / a->gam[i]; /* dL/dzhat */
			t2[i] = -t1[i] * q;                  /* dL/dgamma = -dz g zhat / gamma^2 */
		}
	gemm_tn(n, d, B, 1, t1, x, 0, L->gw);               /* dW^EE = dzhat^T x */
	gemm_tn(n, ni, B, -1, t1, a->zi, 0, L->gwei);       /* subtractive path: -dzhat^T z^I */
	gemm_tn(n, ni, B, 1, t2, a->si, 1, L->gwei);        /* divisive path: dgamma^T (e^alpha z^I) */
	gemm_nn(B, ni, n, 1, t2, L->wei, 0, t4);            /* dL/d(e^alpha z^I) */
	gemm_nn(B, ni, n, -1, t1, L->wei, 0, t3);           /* dL/dz^I, subtractive part */
	for (size_t j = 0; j < ni; j++)
		L->galpha[j] = 0;
	for (size_t r = 0; r < B; r++)
		for (size_t j = 0; j < ni; j++) {
			size_t i = r * ni + j;
			L->galpha[j] += t4[i] * a->si[i];
			t3[i] += t4[i] * (real)exp((double)L->alpha[j]);
		}
	gemm_tn(ni, d, B, 1, t3, x, 0, L->gwix);            /* dW^IE = dz^I^T x */
	if (dx) {
		gemm_nn(B, d, n, 1, t1, L->w, 0, dx);
		gemm_nn(B, d, ni, 1, t3, L->wix, 1, dx);
	}
}

/* Normalisation with the unbiased standard deviation and no epsilon, over the n units of each row (LN, per_row) or
 * over the B rows of each unit (BN): z = g (u - mu) / sigma + b, the same b inside u and outside. */
static void norm_forward(const struct dn_layer *L, size_t B, struct dn_acts *a, int per_row)
{
	const size_t n = L->n;
	size_t groups = per_row ? B : n, count = per_row ? n : B;
	size_t step = per_row ? 1 : n, gstride = per_row ? n : 1;
	for (size_t s = 0; s < groups; s++) {
		const real *u = a->u + s * gstride;
		double m = 0, v = 0;
		for (size_t t = 0; t < count; t++)
			m += u[t * step];
		m /= (double)count;
		for (size_t t = 0; t < count; t++)
			v += ((double)u[t * step] - m) * ((double)u[t * step] - m);
		a->mu[s] = (real)m;
		a->sig[s] = (real)sqrt(v / (double)(count - 1));
	}
	for (size_t r = 0; r < B; r++)
		for (size_t k = 0; k < n; k++) {
			size_t i = r * n + k, s = per_row ? r : k;
			a->z[i] = L->g[k] * (a->u[i] - a->mu[s]) / a->sig[s] + L->b[k];
		}
}

/* Backward of norm_forward: writes gb (outer path), gg, and dL/du into t1; then gb += its inner path. */
static void norm_backward(const struct dn_layer *L, size_t B, const struct dn_acts *a, const real *dz, real *t1,
			  int per_row)
{
	const size_t n = L->n;
	size_t groups = per_row ? B : n, count = per_row ? n : B;
	size_t step = per_row ? 1 : n, gstride = per_row ? n : 1;
	colsum(B, n, dz, L->gb);
	for (size_t k = 0; k < n; k++)
		L->gg[k] = 0;
	for (size_t r = 0; r < B; r++)
		for (size_t k = 0; k < n; k++) {
			size_t i = r * n + k, s = per_row ? r : k;
			L->gg[k] += dz[i] * (a->u[i] - a->mu[s]) / a->sig[s];
			t1[i] = dz[i] * L->g[k]; /* dL/duhat */
		}
	/* du = (duhat - mean(duhat) - uhat sum(duhat uhat) / (count - 1)) / sigma, per group */
	for (size_t s = 0; s < groups; s++) {
		real *dh = t1 + s * gstride;
		const real *u = a->u + s * gstride;
		double mean = 0, dot = 0;
		for (size_t t = 0; t < count; t++) {
			double uh = ((double)u[t * step] - a->mu[s]) / a->sig[s];
			mean += dh[t * step];
			dot += dh[t * step] * uh;
		}
		mean /= (double)count;
		dot /= (double)(count - 1);
		for (size_t t = 0; t < count; t++) {
			double uh = ((double)u[t * step] - a->mu[s]) / a->sig[s];
			dh[t * step] = (real)(((double)dh[t * step] - mean - uh * dot) / a->sig[s]);
		}
	}
	for (size_t r = 0; r < B; r++)
		for (size_t k = 0; k < n; k++)
			L->gb[k] += t1[r * n + k];
}

void dn_layer_forward(const struct dn_layer *L, size_t B, const real *x, struct dn_acts *a)
{
	switch (L->kind) {
	case DN_DANN:
		dann_forward(L, B, x, a);
		break;
	case DN_LN:
	case DN_BN:
		affine(L, B, x, a->u);
		norm_forward(L, B, a, L->kind == DN_LN);
		break;
	case DN_COLEI:
		if (L->sign) {
			for (size_t r = 0; r < B; r++)
				for (size_t i = 0; i < L->d; i++)
					a->xs[r * L->d + i] = x[r * L->d + i] * L->sign[i];
			x = a->xs;
		}
		affine(L, B, x, a->z);
		break;
	case DN_MLP:
		affine(L, B, x, a->z);
		break;
	}
	if (L->hidden)
		for (size_t i = 0; i < B * L->n; i++)
			a->h[i] = a->z[i] < 0 ? 0 : a->z[i]; /* a NaN passes, so a diverging run shows in its loss */
}

void dn_layer_backward(const struct dn_layer *L, size_t B, const real *x, const struct dn_acts *a, real *dz,
		       real *dx, real *t1, real *t2, real *t3, real *t4)
{
	switch (L->kind) {
	case DN_DANN:
		dann_backward(L, B, x, a, dz, dx, t1, t2, t3, t4);
		return;
	case DN_LN:
	case DN_BN:
		norm_backward(L, B, a, dz, t1, L->kind == DN_LN);
		dz = t1;
		break;
	case DN_COLEI:
		if (L->sign)
			x = a->xs;
		colsum(B, L->n, dz, L->gb);
		break;
	case DN_MLP:
		colsum(B, L->n, dz, L->gb);
		break;
	}
	gemm_tn(L->n, L->d, B, 1, dz, x, 0, L->gw);
	if (dx) {
		gemm_nn(B, L->d, L->n, 1, dz, L->w, 0, dx);
		if (L->kind == DN_COLEI && L->sign) /* dL/dx = (dz W^+) D */
			for (size_t r = 0; r < B; r++)
				for (size_t i = 0; i < L->d; i++)
					dx[r * L->d + i] *= L->sign[i];
	}
}
