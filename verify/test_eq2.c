/* test_eq2.c: Eq. 2 of the paper (§2.3, derived in Appendix 5.1; paper/5.1-eq2-derivation.md), LayerNorm's
 * backward pass
 *     ds = (dy - mean(dy) - y mean(dy * y)) / sigma,   y = (s - mean(s)) / sigma,   sigma = sqrt(var(s) + c),
 * and its three parts (scale, center, decorrelate: the GradNorm modes of gradnorm.c), checked three ways:
 *   (a) layernorm_backward against central differences of layernorm_forward (double build);
 *   (b) layernorm_backward against the appendix's explicit n x n Jacobian (1/sigma)(I - 11^T/n - yy^T/n), built
 *       and multiplied out here from a forward computed here in long double; the derivation's intermediate steps
 *       (the derivatives of the mean and of sigma, and the Jacobian itself) against central differences of that
 *       forward;
 *   (c) each GradNorm mode against its own formula written here as a matrix; the parts compose to `full`; and
 *       `full` on an exactly LN-normalised z is the LN backward times sigma / s_z.
 * Inputs are Gaussian with random offset and scale (high entropy) for n = 2, 3, 10, 500, several draws each, plus
 * near-degenerate inputs whose variance lies between c/10 and 10c (so that c = 1e-5 matters) and constant inputs
 * (variance 0: only c keeps sigma positive). Every tolerance is named below with the reason for its size. */
#include "measure.h"
#include "inorm/gradnorm.h"
#include "inorm/layernorm.h"
#include "core/rng.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

/* Errors of ds are measured relative to max|dy| / sigma, the size of the terms Eq. 2 adds: ds itself can be far
 * smaller (n = 2: y = +-1 up to c / var, so ds = O(c / var) after cancellation). */
/* FD step relative to sigma: truncation error ~ (h / sigma)^2 = 1e-8; rounding error ~ eps |s| / h relative to the
 * term scale = 2.2e-16 * 3 / 1e-4 sigma with sigma >= 1e-3 (offsets up to 3), i.e. <= 7e-9 (the forward's s - mu
 * loses digits when var ~ c). */
#define FD_STEP 1e-4
/* (a) and the derivation's steps against central differences: the estimates above are <= 1e-8; 1e-6 leaves a factor
 * of 100 and is far below any real error (a wrong sign or a missing term is O(1)). */
#define FD_TOL 1e-6
/* (b), (c): the same formula evaluated two ways; they differ by rounding only: eps |s| / sigma <= 2.2e-16 * 3 / 1e-3
 * = 7e-13 from the forward's cancellation, plus n eps = 1.1e-13 from sums of 500 terms. */
#define ALGEBRA_TOL 1e-11

static const size_t sizes[] = { 2, 3, 10, 500 };
#define NSIZES (sizeof sizes / sizeof sizes[0])
#define NMAX 500
#define DRAWS 5

enum input_kind { GENERAL, NEAR_DEGENERATE, CONSTANT, NKINDS };
static const char *const kind_names[NKINDS] = { "general", "var ~ c", "constant" };

/* s (n): offset U(-3, 3) plus Gaussian noise of scale 10^U(-1, 1) (GENERAL), sqrt(c) 10^U(-0.5, 0.5) (NEAR_DEGENERATE,
 * variance c/10 .. 10c), or none (CONSTANT). */
static void draw_input(gsl_rng *r, size_t n, enum input_kind kind, real *s)
{
	double off = 6 * gsl_rng_uniform(r) - 3;
	double scale = kind == GENERAL ? pow(10, 2 * gsl_rng_uniform(r) - 1)
				       : kind == NEAR_DEGENERATE ? sqrt(LN_EPS) * pow(10, gsl_rng_uniform(r) - 0.5) : 0;
	for (size_t k = 0; k < n; k++)
		s[k] = (real)(off + scale * gsl_ran_gaussian_ziggurat(r, 1));
}

/* an upstream error: Gaussian with a non-zero mean, so that centring has something to remove */
static void draw_error(gsl_rng *r, size_t n, real *g)
{
	double off = 2 * gsl_rng_uniform(r) - 1, scale = 0.5 + 1.5 * gsl_rng_uniform(r);
	for (size_t k = 0; k < n; k++)
		g[k] = (real)(off + scale * gsl_ran_gaussian_ziggurat(r, 1));
}

/* max_k |a_k - b_k| / scale */
static double scaled_err(size_t n, const real *a, const real *b, double scale)
{
	double num = 0;
	for (size_t k = 0; k < n; k++)
		num = fmax(num, fabs((double)a[k] - (double)b[k]));
	return num / scale;
}

/* max |dy| / sigma: the scale of the terms of Eq. 2 */
static double term_scale(size_t n, const real *dy, double sigma)
{
	double m = 0;
	for (size_t k = 0; k < n; k++)
		m = fmax(m, fabs((double)dy[k]));
	return m / sigma;
}

/* max_k |a_k - b_k| / max_k |b_k| */
static double rel_err(size_t n, const real *a, const real *b)
{
	double num = 0, den = 0;
	for (size_t k = 0; k < n; k++) {
		num = fmax(num, fabs((double)a[k] - (double)b[k]));
		den = fmax(den, fabs((double)b[k]));
	}
	return den > 0 ? num / den : num;
}

/* ---- an independent forward, in long double ---------------------------------------------------------------- */

struct ref_ln {
	long double mu, sigma;
	long double y[NMAX];
};

/* (5.1.1): mu = mean(s), sigma = sqrt(mean((s - mu)^2) + c), y = (s - mu) / sigma */
static void ref_forward(size_t n, const real *s, struct ref_ln *o)
{
	long double mu = 0, v = 0;
	for (size_t k = 0; k < n; k++)
		mu += s[k];
	mu /= n;
	for (size_t k = 0; k < n; k++)
		v += (s[k] - mu) * (s[k] - mu);
	o->mu = mu;
	o->sigma = sqrtl(v / n + LN_EPS);
	for (size_t k = 0; k < n; k++)
		o->y[k] = (s[k] - mu) / o->sigma;
}

/* the appendix's Jacobian (5.1.5): J_ij = d y_i / d s_j = (delta_ij - 1/n - y_i y_j / n) / sigma */
static long double ref_jacobian(size_t n, const struct ref_ln *f, size_t i, size_t j)
{
	return ((i == j) - 1.0L / n - f->y[i] * f->y[j] / n) / f->sigma;
}

/* Perturbs s[j] by +h and -h; returns the steps actually taken (representable), restores s[j]. */
static void perturb(real *s, size_t j, double h, real *sp, real *sm, double *hp, double *hm)
{
	real keep = s[j];
	*sp = keep + (real)h;
	*sm = keep - (real)h;
	*hp = (double)*sp - (double)keep;
	*hm = (double)keep - (double)*sm;
}

/* ---- (a) the implementation against finite differences ----------------------------------------------------- */

/* L(s) = sum_k dy_k LN(s)_k through the implemented forward: its gradient is the backward's ds */
static double objective(size_t n, const real *s, const real *dy, real *scratch)
{
	layernorm_forward(n, s, scratch);
	double L = 0;
	for (size_t k = 0; k < n; k++)
		L += (double)dy[k] * scratch[k];
	return L;
}

Test(eq2, ln_backward_matches_finite_differences)
{
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 2, 1, 0, 0);
	static real s[NMAX], dy[NMAX], y[NMAX], ds[NMAX], fd[NMAX], tmp[NMAX];
	double worst[NKINDS] = { 0 };
	for (size_t i = 0; i < NSIZES; i++)
		for (int kind = 0; kind < NKINDS; kind++)
			for (int d = 0; d < (kind == CONSTANT ? 1 : DRAWS); d++) {
				size_t n = sizes[i];
				draw_input(r, n, (enum input_kind)kind, s);
				draw_error(r, n, dy);
				real sigma = layernorm_forward(n, s, y);
				layernorm_backward(n, dy, y, sigma, ds);
				double h = FD_STEP * sigma;
				for (size_t j = 0; j < n; j++) {
					real keep = s[j], sp, sm;
					double hp, hm;
					perturb(s, j, h, &sp, &sm, &hp, &hm);
					s[j] = sp;
					double Lp = objective(n, s, dy, tmp);
					s[j] = sm;
					double Lm = objective(n, s, dy, tmp);
					s[j] = keep;
					fd[j] = (real)((Lp - Lm) / (hp + hm));
				}
				double e = scaled_err(n, ds, fd, term_scale(n, dy, sigma));
				worst[kind] = fmax(worst[kind], e);
				cr_expect(e < FD_TOL, "n = %zu (%s inputs): backward vs finite differences %.3g", n,
					  kind_names[kind], e);
			}
	gsl_rng_free(r);
	measure("eq2 (a) LN backward vs central differences of LN forward: max err / (max|dy|/sigma) %.2g (general), %.2g "
		"(var ~ c), %.2g (constant); tol %g", worst[GENERAL], worst[NEAR_DEGENERATE], worst[CONSTANT], FD_TOL);
}

/* ---- (b) the implementation against the explicit Jacobian, and the Jacobian against the derivation --------- */

Test(eq2, ln_backward_equals_explicit_jacobian)
{
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 2, 2, 0, 0);
	static real s[NMAX], dy[NMAX], y[NMAX], ds[NMAX], alias[NMAX], ref[NMAX], yref[NMAX];
	static struct ref_ln f;
	double worst = 0, worst_fwd = 0;
	for (size_t i = 0; i < NSIZES; i++)
		for (int kind = 0; kind < NKINDS; kind++)
			for (int d = 0; d < (kind == CONSTANT ? 1 : DRAWS); d++) {
				size_t n = sizes[i];
				draw_input(r, n, (enum input_kind)kind, s);
				draw_error(r, n, dy);
				real sigma = layernorm_forward(n, s, y);
				ref_forward(n, s, &f);
				for (size_t k = 0; k < n; k++)
					yref[k] = (real)f.y[k];
				double ef = fmax(rel_err(n, y, yref), fabs(sigma - (double)f.sigma) / (double)f.sigma);
				/* (5.1.6): delta_norm = J^T dy, multiplied out */
				for (size_t k = 0; k < n; k++) {
					long double acc = 0;
					for (size_t j = 0; j < n; j++)
						acc += ref_jacobian(n, &f, j, k) * dy[j];
					ref[k] = (real)acc;
				}
				layernorm_backward(n, dy, y, sigma, ds);
				for (size_t k = 0; k < n; k++)
					alias[k] = dy[k];
				layernorm_backward(n, alias, y, sigma, alias); /* ds may alias dy, as net.c calls it */
				double e = scaled_err(n, ds, ref, term_scale(n, dy, sigma));
				worst = fmax(worst, e);
				worst_fwd = fmax(worst_fwd, ef);
				cr_expect(ef < ALGEBRA_TOL, "n = %zu (%s): forward differs from the reference by %.3g", n,
					  kind_names[kind], ef);
				cr_expect(e < ALGEBRA_TOL, "n = %zu (%s): backward vs J^T dy %.3g", n, kind_names[kind], e);
				for (size_t k = 0; k < n; k++)
					cr_assert(alias[k] == ds[k], "n = %zu: aliased call differs at %zu", n, k);
			}
	gsl_rng_free(r);
	measure("eq2 (b) LN backward (O(n)) vs explicit Jacobian J^T dy: max err / (max|dy|/sigma) %.2g; forward vs long-double "
		"reference %.2g; tol %g", worst, worst_fwd, ALGEBRA_TOL);
}

/* (5.1.3)-(5.1.5): d mu / d s_j = 1/n, d sigma / d s_j = y_j / n and the Jacobian against central differences of
 * the reference forward. */
Test(eq2, derivation_steps_match_finite_differences)
{
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 2, 3, 0, 0);
	static real s[NMAX];
	static struct ref_ln f, fp, fm;
	double worst_mu = 0, worst_sigma = 0, worst_j = 0;
	for (size_t i = 0; i < NSIZES; i++)
		for (int kind = 0; kind < NKINDS; kind++)
			for (int d = 0; d < (kind == CONSTANT ? 1 : 2); d++) {
				size_t n = sizes[i];
				draw_input(r, n, (enum input_kind)kind, s);
				ref_forward(n, s, &f);
				double h = FD_STEP * (double)f.sigma, jmax = 0, jerr = 0, emu = 0, esig = 0;
				for (size_t j = 0; j < n; j++) {
					real keep = s[j], sp, sm;
					double hp, hm;
					perturb(s, j, h, &sp, &sm, &hp, &hm);
					s[j] = sp;
					ref_forward(n, s, &fp);
					s[j] = sm;
					ref_forward(n, s, &fm);
					s[j] = keep;
					long double step = hp + hm;
					emu = fmax(emu, fabs((double)((fp.mu - fm.mu) / step) - 1.0 / n) * n);
					/* sigma' is y_j / n; judge against the scale 1/n of the largest possible |y_j| / n */
					esig = fmax(esig, fabs((double)((fp.sigma - fm.sigma) / step - f.y[j] / n)) * n);
					for (size_t k = 0; k < n; k++) {
						long double fdj = (fp.y[k] - fm.y[k]) / step, an = ref_jacobian(n, &f, k, j);
						jerr = fmax(jerr, fabs((double)(fdj - an)));
						jmax = fmax(jmax, fabs((double)an));
					}
				}
				worst_mu = fmax(worst_mu, emu);
				worst_sigma = fmax(worst_sigma, esig);
				worst_j = fmax(worst_j, jerr / jmax);
				cr_expect(emu < FD_TOL, "n = %zu (%s): d mu / d s off by %.3g", n, kind_names[kind], emu);
				cr_expect(esig < FD_TOL, "n = %zu (%s): d sigma / d s off by %.3g", n, kind_names[kind], esig);
				cr_expect(jerr / jmax < FD_TOL, "n = %zu (%s): Jacobian off by %.3g", n, kind_names[kind],
					  jerr / jmax);
			}
	gsl_rng_free(r);
	measure("eq2 derivation: d mu/ds = 1/n err %.2g, d sigma/ds = y/n err %.2g, Jacobian (5.1.5) vs central "
		"differences %.2g; tol %g", worst_mu, worst_sigma, worst_j, FD_TOL);
}

/* ---- (c) the GradNorm parts ------------------------------------------------------------------------------------ */

/* s_z = sqrt(var(z) + c), biased variance, in long double */
static long double ref_spread(size_t n, const real *z)
{
	long double mu = 0, v = 0;
	for (size_t k = 0; k < n; k++)
		mu += z[k];
	mu /= n;
	for (size_t k = 0; k < n; k++)
		v += (z[k] - mu) * (z[k] - mu);
	return sqrtl(v / n + LN_EPS);
}

/* out = M g for the operator of a mode, M built entry by entry ((2.3.2), (2.4.1)-(2.4.3), (2.5.1)):
 *   center      (2.4.1)  M = I - 11^T / n
 *   decorrelate (2.4.3)  M = I - z z^T / n
 *   scale       (2.4.2)  M = I / s_z
 *   full        (2.3.2)  M = (I - 11^T / n - z z^T / n) / s_z
 *   lateral     (2.5.1)  M = I - 1 nu^T */
static void ref_mode(enum gradnorm_mode m, size_t n, const real *g, const real *z, const real *nu, real *out)
{
	long double sz = ref_spread(n, z);
	for (size_t i = 0; i < n; i++) {
		long double acc = 0;
		for (size_t j = 0; j < n; j++) {
			long double M = i == j;
			if (m == GN_CENTER || m == GN_FULL)
				M -= 1.0L / n;
			if (m == GN_DECORRELATE || m == GN_FULL)
				M -= (long double)z[i] * z[j] / n;
			if (m == GN_SCALE || m == GN_FULL)
				M /= sz;
			if (m == GN_LATERAL)
				M -= nu[j];
			acc += M * g[j];
		}
		out[i] = (real)acc;
	}
}

Test(eq2, gradnorm_parts_match_their_formulas)
{
	static const enum gradnorm_mode modes[] = { GN_OFF, GN_CENTER, GN_SCALE, GN_DECORRELATE, GN_FULL, GN_LATERAL };
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 2, 4, 0, 0);
	static real z[NMAX], g[NMAX], nu[NMAX], a[NMAX], b[NMAX];
	double worst[GN_LATERAL + 1] = { 0 };
	for (size_t i = 0; i < NSIZES; i++)
		for (int kind = 0; kind < NKINDS; kind++)
			for (int d = 0; d < (kind == CONSTANT ? 1 : DRAWS); d++) {
				size_t n = sizes[i];
				/* z as an I-Norm layer passes it: not re-centred, any spread (near c included) */
				draw_input(r, n, (enum input_kind)kind, z);
				draw_error(r, n, g);
				double tot = 0;
				for (size_t k = 0; k < n; k++)
					nu[k] = (real)gsl_rng_uniform_pos(r), tot += nu[k];
				for (size_t k = 0; k < n; k++)
					nu[k] = (real)(nu[k] / tot);
				for (size_t q = 0; q < sizeof modes / sizeof modes[0]; q++) {
					gradnorm_backward(modes[q], n, g, z, nu, a);
					ref_mode(modes[q], n, g, z, nu, b);
					double e = rel_err(n, a, b);
					worst[modes[q]] = fmax(worst[modes[q]], e);
					cr_expect(e < ALGEBRA_TOL, "%s, n = %zu (%s): %.3g from its formula",
						  gradnorm_name(modes[q]), n, kind_names[kind], e);
				}
			}
	gsl_rng_free(r);
	measure("eq2 (c) GradNorm vs formula, max rel err: center %.2g, scale %.2g, decorrelate %.2g, full %.2g, "
		"lateral %.2g, off %.2g; tol %g", worst[GN_CENTER], worst[GN_SCALE], worst[GN_DECORRELATE],
		worst[GN_FULL], worst[GN_LATERAL], worst[GN_OFF], ALGEBRA_TOL);
}

/* Eq. 2 read as a sum of its parts: full(g) = scale(center(g) + decorrelate(g) - g), for any z. */
Test(eq2, parts_compose_to_full)
{
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 2, 5, 0, 0);
	static real z[NMAX], g[NMAX], c[NMAX], dc[NMAX], sum[NMAX], full[NMAX], composed[NMAX];
	double worst = 0;
	for (size_t i = 0; i < NSIZES; i++)
		for (int kind = 0; kind < NKINDS; kind++) {
			size_t n = sizes[i];
			draw_input(r, n, (enum input_kind)kind, z);
			draw_error(r, n, g);
			gradnorm_backward(GN_CENTER, n, g, z, NULL, c);
			gradnorm_backward(GN_DECORRELATE, n, g, z, NULL, dc);
			for (size_t k = 0; k < n; k++)
				sum[k] = c[k] + dc[k] - g[k];
			gradnorm_backward(GN_SCALE, n, sum, z, NULL, composed);
			gradnorm_backward(GN_FULL, n, g, z, NULL, full);
			double e = rel_err(n, composed, full);
			worst = fmax(worst, e);
			cr_expect(e < ALGEBRA_TOL, "n = %zu (%s): parts compose to full with error %.3g", n,
				  kind_names[kind], e);
		}
	gsl_rng_free(r);
	measure("eq2 parts compose: scale(center + decorrelate - identity) vs full: max rel err %.2g; tol %g", worst,
		ALGEBRA_TOL);
}

/* (4.7.18): on z = LN(s) exactly, GradNorm `full` is LN's backward up to the factor sigma / s_z; s_z = 1 up to
 * O(c / var(s)), so far from degeneracy `full` is LN's backward times sigma. */
Test(eq2, full_on_normalised_input_is_ln_backward)
{
	gsl_rng *r = rng_stream_alloc(RNG_TEST, 2, 6, 0, 0);
	static real s[NMAX], y[NMAX], g[NMAX], ln[NMAX], full[NMAX];
	double worst = 0, worst_sz = 0;
	for (size_t i = 0; i < NSIZES; i++)
		for (int kind = 0; kind < NKINDS; kind++)
			for (int d = 0; d < (kind == CONSTANT ? 1 : DRAWS); d++) {
				size_t n = sizes[i];
				draw_input(r, n, (enum input_kind)kind, s);
				draw_error(r, n, g);
				real sigma = layernorm_forward(n, s, y);
				layernorm_backward(n, g, y, sigma, ln);
				gradnorm_backward(GN_FULL, n, g, y, NULL, full);
				double sz = (double)ref_spread(n, y), var = (double)(sigma * sigma) - LN_EPS;
				for (size_t k = 0; k < n; k++)
					full[k] = (real)(full[k] * sz / sigma);
				double e = rel_err(n, full, ln);
				worst = fmax(worst, e);
				cr_expect(e < ALGEBRA_TOL, "n = %zu (%s): full * s_z / sigma vs LN backward %.3g", n,
					  kind_names[kind], e);
				if (kind == GENERAL) {
					/* s_z^2 = var/(var + c) + c, so |s_z - 1| <= c / var + c */
					double dev = fabs(sz - 1), bound = LN_EPS / var + LN_EPS;
					worst_sz = fmax(worst_sz, dev);
					cr_expect(dev <= bound, "n = %zu: s_z = %.17g, bound %g", n, sz, bound);
				}
			}
	gsl_rng_free(r);
	measure("eq2 full GradNorm on LN(s) = LN backward * sigma / s_z: max rel err %.2g (tol %g); |s_z - 1| <= %.2g "
		"for var(s) >> c", worst, ALGEBRA_TOL, worst_sz);
}
