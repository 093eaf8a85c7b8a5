/* inorm_reference.c: one training step of a tiny I-Norm network computed the long way, with naive loops over the
 * formulas of (2.2.1)-(2.2.6), (2.3.2), (2.4.1)-(2.4.3), (2.5.1), (4.3.7) (forward, local loss, stop-gradients,
 * GradNorm, output layer, label-smoothed loss, SGD with projection), independent of src/inorm/inorm_layer.c and of BLAS.
 * test_inorm.c compares the library against it. */
#include "inorm_reference.h"

#include <math.h>
#include <string.h>

#define NIN REF_NIN
#define W REF_W
#define NOUT REF_NOUT
#define B REF_B

/* ---- the long way ---------------------------------------------------------------------------------------- */

struct ref_layer {
	double s[B][W], z[B][W], h[B][W], p[B][W], d[B], a[B][W];
};

void ref_mode(enum gradnorm_mode m, const double *g, const double *z, const real *nu, double *out)
{
	double mean = 0, proj = 0, mz = 0, vz = 0, pool = 0;
	for (int k = 0; k < W; k++)
		mean += g[k] / W, proj += g[k] * z[k] / W, mz += z[k] / W;
	for (int k = 0; k < W; k++)
		vz += (z[k] - mz) * (z[k] - mz) / W;
	double sz = sqrt(vz + 1e-5);
	if (nu)
		for (int k = 0; k < W; k++)
			pool += nu[k] * g[k];
	for (int k = 0; k < W; k++) {
		switch (m) {
		case GN_OFF: out[k] = g[k]; break;
		case GN_FULL: out[k] = (g[k] - mean - z[k] * proj) / sz; break;
		case GN_CENTER: out[k] = g[k] - mean; break;
		case GN_SCALE: out[k] = g[k] / sz; break;
		case GN_DECORRELATE: out[k] = g[k] - z[k] * proj; break;
		case GN_LATERAL: out[k] = g[k] - pool; break;
		}
	}
}

/* One training step of network n computed with naive loops; writes the updated parameters into a copy. */
void ref_step(const struct net *n, const real *x, const uint8_t *lab, real *newp)
{
	const int div = n->model->kind == HIDDEN_INORM;
	const double lam = n->o.lambda;
	struct ref_layer L[2];
	const struct ei_layer *E[3] = { &n->layer[0], &n->layer[1], &n->layer[2] };
	memcpy(newp, n->params, n->nparams * sizeof *newp);
#define NEWP(ptr) (newp + ((ptr) - n->params))
	/* forward through the two hidden layers */
	for (int l = 0; l < 2; l++) {
		const size_t d = E[l]->d, ni = E[l]->ni;
		for (int b = 0; b < B; b++) {
			const real *in = l ? NULL : x + b * NIN;
			double q = 0;
			for (size_t j = 0; j < ni; j++) {
				double a = 0;
				for (size_t i = 0; i < d; i++)
					a += E[l]->wix[j * d + i] * (l ? L[0].h[b][i] : in[i]);
				L[l].a[b][j] = a;
			}
			for (int k = 0; k < W; k++) {
				double s = E[l]->b[k], p = 0;
				for (size_t i = 0; i < d; i++) {
					double xi = l ? L[0].h[b][i] : in[i];
					s += E[l]->wex[k * d + i] * xi;
					if (div)
						p += n->in[l].bix[k * d + i] * xi;
				}
				for (size_t j = 0; j < ni; j++)
					s -= E[l]->wei[k * ni + j] * L[l].a[b][j];
				L[l].s[b][k] = s;
				L[l].p[b][k] = p;
				q += p * p;
			}
			L[l].d[b] = div ? sqrt(q / W + 1e-5) : 1;
			for (int k = 0; k < W; k++) {
				L[l].z[b][k] = L[l].s[b][k] / L[l].d[b];
				L[l].h[b][k] = L[l].z[b][k] > 0 ? L[l].z[b][k] : 0;
			}
		}
	}
	/* output layer, loss gradient */
	const struct ei_layer *O = E[2];
	double dO[B][NOUT], aO[B], dh[B][W];
	for (int b = 0; b < B; b++) {
		aO[b] = 0;
		for (int i = 0; i < W; i++)
			aO[b] += O->wix[i] * L[1].h[b][i];
		double o[NOUT], mx = -1e300, z = 0;
		for (int c = 0; c < NOUT; c++) {
			o[c] = O->b[c] - O->wei[c] * aO[b];
			for (int i = 0; i < W; i++)
				o[c] += O->wex[c * W + i] * L[1].h[b][i];
			mx = fmax(mx, o[c]);
		}
		for (int c = 0; c < NOUT; c++)
			z += exp(o[c] - mx);
		for (int c = 0; c < NOUT; c++) {
			double q = (c == lab[b] ? 0.9 : 0) + 0.1 / NOUT;
			dO[b][c] = (exp(o[c] - mx) / z - q) / B;
		}
	}
	for (int c = 0; c < NOUT; c++) {
		double gb = 0, gwei = 0;
		for (int b = 0; b < B; b++)
			gb += dO[b][c], gwei -= dO[b][c] * aO[b];
		NEWP(O->b)[c] -= n->o.lr * gb;
		double w = O->wei[c] - n->o.lr_wei * gwei;
		NEWP(O->wei)[c] = w < 0 ? 0 : w;
		for (int i = 0; i < W; i++) {
			double g = 0;
			for (int b = 0; b < B; b++)
				g += dO[b][c] * L[1].h[b][i];
			double v = O->wex[c * W + i] - n->o.lr * g;
			NEWP(O->wex)[c * W + i] = v < 0 ? 0 : v;
		}
	}
	for (int i = 0; i < W; i++) {
		double g = 0;
		for (int b = 0; b < B; b++) {
			double t = 0;
			for (int c = 0; c < NOUT; c++)
				t += dO[b][c] * O->wei[c];
			g -= t * L[1].h[b][i];
		}
		double v = O->wix[i] - n->o.lr_wix * g;
		NEWP(O->wix)[i] = v < 0 ? 0 : v;
	}
	for (int b = 0; b < B; b++)
		for (int i = 0; i < W; i++) {
			dh[b][i] = 0;
			for (int c = 0; c < NOUT; c++)
				dh[b][i] += dO[b][c] * (O->wex[c * W + i] - O->wei[c] * O->wix[i]);
		}
	/* hidden layers, top down: task gradients of W^EE and b through the stop-gradients, and local losses */
	for (int l = 1; l >= 0; l--) {
		const struct ei_layer *e = E[l];
		const size_t d = e->d, ni = e->ni;
		double dE[B][W], dprev[B][W];
		for (int b = 0; b < B; b++) {
			double g[W], gm[W], z[W];
			for (int k = 0; k < W; k++)
				g[k] = L[l].z[b][k] > 0 ? dh[b][k] : 0, z[k] = L[l].z[b][k];
			ref_mode(n->model->mode, g, z, n->in[l].nu, gm);
			for (int k = 0; k < W; k++)
				dE[b][k] = gm[k] / L[l].d[b];
		}
		for (int b = 0; b < B; b++)
			for (size_t i = 0; i < d && l; i++) {
				dprev[b][i] = 0;
				for (int k = 0; k < W; k++)
					dprev[b][i] += dE[b][k] * e->wex[k * d + i];
			}
		for (int k = 0; k < W; k++) {
			double gb = 0;
			for (int b = 0; b < B; b++)
				gb += dE[b][k];
			NEWP(e->b)[k] -= n->o.lr * gb;
			for (size_t i = 0; i < d; i++) {
				double g = 0;
				for (int b = 0; b < B; b++)
					g += dE[b][k] * (l ? L[0].h[b][i] : x[b * NIN + i]);
				double v = e->wex[k * d + i] - n->o.lr * g;
				NEWP(e->wex)[k * d + i] = v < 0 ? 0 : v;
			}
		}
		/* local loss */
		double gI[B][W], gP[B][W];
		for (int b = 0; b < B; b++) {
			double m = 0, v = 0;
			for (int k = 0; k < W; k++)
				m += L[l].z[b][k] / W;
			for (int k = 0; k < W; k++)
				v += (L[l].z[b][k] - m) * (L[l].z[b][k] - m) / W;
			double vt = div ? v - 1 : 0, dD = 0;
			for (int k = 0; k < W; k++) {
				double gu = 2 * lam / (B * W) * (m + 2 * vt * (L[l].z[b][k] - m));
				gI[b][k] = -gu / L[l].d[b];
				dD -= gu * L[l].z[b][k] / L[l].d[b];
			}
			for (int k = 0; k < W; k++)
				gP[b][k] = dD * L[l].p[b][k] / (W * L[l].d[b]);
		}
		for (size_t j = 0; j < ni; j++)
			for (size_t i = 0; i < d; i++) {
				double g = 0;
				for (int b = 0; b < B; b++) {
					double ga = 0;
					for (int k = 0; k < W; k++)
						ga += gI[b][k] * e->wei[k * ni + j];
					g += ga * (l ? L[0].h[b][i] : x[b * NIN + i]);
				}
				double v = e->wix[j * d + i] - n->o.lr_wix * g;
				NEWP(e->wix)[j * d + i] = v < 0 ? 0 : v;
			}
		if (div) {
			for (int k = 0; k < W; k++)
				for (size_t i = 0; i < d; i++) {
					double g = 0;
					for (int b = 0; b < B; b++)
						g += gP[b][k] * (l ? L[0].h[b][i] : x[b * NIN + i]);
					NEWP(n->in[l].bix)[k * d + i] -= n->o.lr_wix * g; /* no projection */
				}
		} else {
			for (int k = 0; k < W; k++)
				for (size_t j = 0; j < ni; j++) {
					double g = 0;
					for (int b = 0; b < B; b++)
						g += gI[b][k] * L[l].a[b][j];
					double v = e->wei[k * ni + j] - n->o.lr_wei * g;
					NEWP(e->wei)[k * ni + j] = v < 0 ? 0 : v;
				}
		}
		if (l)
			memcpy(dh, dprev, sizeof dh);
	}
#undef NEWP
}

