/* dann_fig2.c: Figure 2 of the DANN paper on Fashion-MNIST from the d-NGD runs (see dann_fig2.h;
 * paper/dann-6-figure2.md). The cosines are read through the strict reader of their kind; the smoothing is a
 * trailing boxcar over finite values, computed from prefix sums. */
#define _POSIX_C_SOURCE 200809L
#include "results/dann_fig2.h"
#include "core/common.h"
#include "dann/dann_net.h"
#include "dann/dann_runfile.h"
#include "formats/outfile.h"
#include "formats/runfile.h"
#include "results/summary.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAXS 64
#define NCURVES (2 * DN_LAYERS)     /* cos(f, u) and cos(f, h) of each layer */

struct seed_res {
	long n;                     /* updates */
	double *sm;                 /* (NCURVES, n) the smoothed curves, NaN before update W or without finite values;
				     * curve 2l is cos(f, u) of layer l, 2l + 1 cos(f, h) */
	long points[DN_LAYERS];     /* smoothed points where both are finite */
	double share[DN_LAYERS];    /* (D6.2) */
	long epochs;                /* closed epochs of the run file */
	double train[1024], test[1024]; /* per epoch 1..epochs (index epoch - 1) */
};

/* (D6.1): y[t] (t from 0) = mean of the finite x[t - W + 1 .. t] for t >= W - 1, NaN before or with none finite. */
static int boxcar(const double *x, long n, long W, double *y)
{
	double *s = malloc((size_t)(n + 1) * sizeof *s);
	long *c = malloc((size_t)(n + 1) * sizeof *c);
	if (!s || !c) {
		free(s), free(c);
		return INB_EINTERNAL;
	}
	s[0] = 0, c[0] = 0;
	for (long t = 0; t < n; t++) {
		const int ok = isfinite(x[t]);
		s[t + 1] = s[t] + (ok ? x[t] : 0), c[t + 1] = c[t] + ok;
	}
	for (long t = 0; t < n; t++) {
		const long k = t + 1 >= W ? c[t + 1] - c[t + 1 - W] : 0;
		y[t] = k ? (s[t + 1] - s[t + 1 - W]) / (double)k : NAN;
	}
	free(s), free(c);
	return INB_OK;
}

static int read_seed(const char *runs, const char *seed, long W, long *per_epoch, struct seed_res *r,
		     struct summary_provenance *prov, char *err)
{
	char path[4096], v[64];
	struct runfile rf;
	snprintf(path, sizeof path, "%s/seed-%s.cos.tsv", runs, seed);
	int rc = dn_cosfile_read(path, &rf, err);
	if (rc)
		return rc;
	const long k = runfile_meta(&rf, "updates_per_epoch", v, sizeof v) ? 0 : strtol(v, NULL, 10);
	if (*per_epoch && k != *per_epoch)
		rc = inb_fail(err, INB_EDATA, "%s: %ld updates per epoch, the other seeds' %ld", path, k, *per_epoch);
	else if (rf.rows < W)
		rc = inb_fail(err, INB_EDATA, "%s: %ld updates, fewer than the window of %ld", path, rf.rows, W);
	*per_epoch = k;
	r->n = rf.rows;
	double *x = rc ? NULL : malloc((size_t)rf.rows * sizeof *x);
	r->sm = rc ? NULL : malloc((size_t)NCURVES * (size_t)rf.rows * sizeof *r->sm);
	if (!rc && (!x || !r->sm))
		rc = inb_fail(err, INB_EINTERNAL, "out of memory");
	for (int l = 0; l < DN_LAYERS && !rc; l++)
		for (int j = 0; j < 2 && !rc; j++) {
			char name[32];
			snprintf(name, sizeof name, "%s_l%d", j ? "cos_fh" : "cos_fu", l + 1);
			const int c = runfile_column(&rf, name);
			for (long t = 0; t < rf.rows; t++)
				x[t] = runfile_value(&rf, t, c);
			if (boxcar(x, rf.rows, W, r->sm + (size_t)(2 * l + j) * (size_t)rf.rows))
				rc = inb_fail(err, INB_EINTERNAL, "out of memory");
		}
	free(x);
	runfile_free(&rf);
	if (rc)
		return rc;
	/* (D6.2): over the smoothed points t >= W - 1 where both are finite */
	for (int l = 0; l < DN_LAYERS; l++) {
		const double *fu = r->sm + (size_t)(2 * l) * (size_t)r->n, *fh = fu + r->n;
		long pts = 0, above = 0;
		for (long t = W - 1; t < r->n; t++)
			if (isfinite(fu[t]) && isfinite(fh[t]))
				pts++, above += fh[t] > fu[t];
		r->points[l] = pts;
		r->share[l] = pts ? (double)above / (double)pts : NAN;
	}
	snprintf(path, sizeof path, "%s/seed-%s.tsv", runs, seed);
	if ((rc = dn_runfile_read(path, &rf, err)))
		return rc;
	if ((rc = summary_provenance_add(prov, path, rf.schema, err))) {
		runfile_free(&rf);
		return rc;
	}
	const int ce = runfile_column(&rf, "epoch"), cend = runfile_column(&rf, "epoch_end"),
		  ctr = runfile_column(&rf, "train_err"), cte = runfile_column(&rf, "test_err");
	r->epochs = 0;
	for (long t = 0; t < rf.rows; t++)
		if (runfile_value(&rf, t, cend) == 1 && runfile_value(&rf, t, ce) >= 1 && runfile_value(&rf, t, ce) <= 1024) {
			const long e = (long)runfile_value(&rf, t, ce);
			r->train[e - 1] = runfile_value(&rf, t, ctr), r->test[e - 1] = runfile_value(&rf, t, cte);
			r->epochs = e;
		}
	runfile_free(&rf);
	return INB_OK;
}

static int write_outputs(struct seed_res *R, char **sw, int ns, long W, long per_epoch, const char *scale,
			 const char *dir, const char *label, const struct summary_provenance *prov, FILE *out,
			 char *err)
{
	char path[4096];
	struct outfile fig = { 0 }, st = { 0 }, vars = { 0 };
	int rc;
	snprintf(path, sizeof path, "%s/dann-fig2.tsv", dir);
	if ((rc = outfile_open(&fig, path, err)))
		return rc;
	snprintf(path, sizeof path, "%s/dann-fig2-stats.tsv", dir);
	if ((rc = outfile_open(&st, path, err)))
		goto fail;
	snprintf(path, sizeof path, "%s/dann-fig2-vars.gp", dir);
	if ((rc = outfile_open(&vars, path, err)))
		goto fail;
	long n = R[0].n, ne = R[0].epochs;
	for (int s = 1; s < ns; s++)
		n = R[s].n < n ? R[s].n : n, ne = R[s].epochs < ne ? R[s].epochs : ne;
	FILE *fp = fig.fp;
	fprintf(fp, "# DANN paper Figure 2 procedure on Fashion-MNIST (the paper used MNIST), scale %s: %s\n", scale,
		label ? label : "");
	summary_provenance_write(fp, prov, scale);
	fprintf(fp, "# model dann-ngd (Algorithm 4), %d seeds; per layer N (1 the first, 4 the output) cos(f, u) and "
		"cos(f, h): f the applied Fisher-corrected step, u the uncorrected gradient, h its Algorithm 3 "
		"correction, over the layer's six blocks; each the trailing mean over %ld updates, from update %ld on, "
		"then the mean over seeds; epoch = update / %ld\n", ns, W, W, per_epoch);
	fprintf(fp, "update\tepoch");
	for (int l = 0; l < DN_LAYERS; l++)
		fprintf(fp, "\tcos_fu_l%d\tcos_fh_l%d", l + 1, l + 1);
	fprintf(fp, "\n");
	for (long t = W - 1; t < n; t++) {
		fprintf(fp, "%ld\t%.6f", t + 1, (double)(t + 1) / (double)per_epoch);
		for (int c = 0; c < NCURVES; c++) {
			double m = 0;
			for (int s = 0; s < ns; s++)
				m += R[s].sm[(size_t)c * (size_t)R[s].n + (size_t)t] / ns;
			fprintf(fp, "\t%.6g", m);
		}
		fprintf(fp, "\n");
	}
	fprintf(fp, "\n\n# block 1: errors in percent per epoch, mean over seeds; train: mean minibatch error of the "
		"epoch; test: the test set after the epoch's last update\nepoch\ttrain_err\ttest_err\n");
	for (long e = 1; e <= ne; e++) {
		double tr = 0, te = 0;
		for (int s = 0; s < ns; s++)
			tr += R[s].train[e - 1] / ns, te += R[s].test[e - 1] / ns;
		fprintf(fp, "%ld\t%.4f\t%.4f\n", e, tr, te);
	}
	fp = st.fp;
	fprintf(fp, "# DANN paper Figure 2 procedure on Fashion-MNIST (the paper used MNIST), scale %s: %s\n", scale,
		label ? label : "");
	summary_provenance_write(fp, prov, scale);
	fprintf(fp, "# per layer N (1 the first, 4 the output) and seed (row lN-sS): points, the smoothed updates "
		"(trailing mean over %ld, from update %ld on) where both cosines are finite; share, the fraction of them "
		"where cos(f, h) > cos(f, u); per layer (row lN, seed all): the points of all seeds, share_min and "
		"share_max the range of the share over the %d seeds, above_half 1 when every seed's share is above 1/2 "
		"(D6.3)\n", W, W, ns);
	fprintf(fp, "row\tlayer\tseed\tpoints\tshare\tshare_min\tshare_max\tabove_half\n");
	for (int l = 0; l < DN_LAYERS; l++) {
		double lo = INFINITY, hi = -INFINITY;
		long pts = 0;
		int above = 1;
		for (int s = 0; s < ns; s++) {
			lo = fmin(lo, R[s].share[l]), hi = fmax(hi, R[s].share[l]), pts += R[s].points[l];
			above &= R[s].share[l] > 0.5;   /* NaN: not above */
			fprintf(fp, "l%d-s%s\t%d\t%s\t%ld\t%.4f\tnan\tnan\tnan\n", l + 1, sw[s], l + 1, sw[s],
				R[s].points[l], R[s].share[l]);
		}
		fprintf(fp, "l%d\t%d\tall\t%ld\tnan\t%.4f\t%.4f\t%d\n", l + 1, l + 1, pts, lo, hi, above);
		if (out)
			fprintf(out, "layer %d: cos(f, h) > cos(f, u) at a share %.4f to %.4f of the smoothed points (%d "
				"seeds)\n", l + 1, lo, hi, ns);
	}
	fp = vars.fp;
	fprintf(fp, "# DANN paper Figure 2 procedure, scale %s: the figure's labels\n", scale);
	summary_provenance_write(fp, prov, scale);
	fprintf(fp, "scale_label = \"Figure 2 procedure on Fashion-MNIST (the paper used MNIST), d-NGD, scale %s: %s; "
		"trailing mean over %ld updates\"\n", scale, label ? label : "", W);
	fprintf(fp, "window = %ld\nupdates_per_epoch = %ld\nseeds = %d\n", W, per_epoch, ns);
	if ((rc = outfile_commit(&fig, err)) || (rc = outfile_commit(&st, err)) || (rc = outfile_commit(&vars, err)))
		goto fail;
	return INB_OK;
fail:
	outfile_abort(&fig);
	outfile_abort(&st);
	outfile_abort(&vars);
	return rc;
}

int dn_fig2_run(const char *runs, const char *scale, const char *seeds, long window, const char *dir,
		const char *label, FILE *out, char *err)
{
	char *ss = strdup(seeds), *sw[MAXS];
	struct seed_res *R = calloc(MAXS, sizeof *R);
	int rc = INB_OK, ns = 0;
	if (!ss || !R) {
		rc = inb_fail(err, INB_EINTERNAL, "out of memory");
		goto done;
	}
	for (char *p = strtok(ss, " \t"); p && ns < MAXS; p = strtok(NULL, " \t"))
		sw[ns++] = p;
	if (ns < 1 || window < 1) {
		rc = inb_fail(err, INB_EUSAGE, "dann-fig2-summary: expected 1 to %d seeds and a window >= 1, got '%s' and "
			      "%ld", MAXS, seeds, window);
		ns = 0;
		goto done;
	}
	for (int s = 0; s < ns; s++) {
		char *end;
		errno = 0;
		strtoul(sw[s], &end, 10);
		if (end == sw[s] || *end || errno) {
			rc = inb_fail(err, INB_EUSAGE, "dann-fig2-summary: seed '%s' is not a whole number", sw[s]);
			goto done;
		}
	}
	struct summary_provenance prov = { .own_seconds = -1 };
	long per_epoch = 0;
	for (int s = 0; s < ns; s++)
		if ((rc = read_seed(runs, sw[s], window, &per_epoch, &R[s], &prov, err)))
			goto done;
	rc = write_outputs(R, sw, ns, window, per_epoch, scale, dir, label, &prov, out, err);
done:
	if (R)
		for (int s = 0; s < MAXS; s++)
			free(R[s].sm);
	free(R);
	free(ss);
	return rc;
}
