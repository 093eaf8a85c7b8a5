/* cmd_images.c: `inhibnorm images`, the data behind Figure 1b (paper §2.1, §4.1).
 * Takes the first training image of each of the first --count classes met in file order and shows it under
 * --columns shifts spread evenly over [-eps, +eps], and in a last column under the shift the training pipeline
 * itself draws for that image in epoch 1 (luminance_draw, then luminance_batch: the code path training uses).
 * The output holds everything the plot shows, so figures/fig1.gp computes nothing:
 *   block 0: x y value    one line per pixel, grid of images, NaN in the gaps
 *   block 1: x y text     column headings (the shift)
 *   block 2: x y text     row headings (class name)
 *   block 3: x y text     the epoch-1 shift of each image, right of its last picture
 * Blocks are separated by two blank lines (gnuplot's `index`). */
#include "cli/commands.h"
#include "core/common.h"
#include "data/fmnist.h"
#include "data/luminance.h"
#include "formats/outfile.h"
#include "results/summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GAP 3

int cmd_images(int argc, char **argv)
{
	const double t0 = inb_seconds();
	double eps = 0.75;
	long count = 6, columns = 5, seed = 0;
	const char *data = NULL, *out = NULL, *scale = NULL;
	const struct opt opts[] = {
		{ "eps", OPT_REAL, &eps, 0, 1, "E", "luminance range: shifts drawn from [-E, E)", NULL, NULL },
		{ "count", OPT_INT, &count, 1, 10, "N", "number of images (one per class, first of each in file order)",
		  NULL, NULL },
		{ "columns", OPT_INT, &columns, 2, 9, "M", "number of fixed shifts, evenly spaced over [-E, E]", NULL,
		  NULL },
		{ "seed", OPT_INT, &seed, 0, 4294967295.0, "S", "seed of the epoch-1 shifts shown in the last column",
		  NULL, NULL },
		CMD_OPT_DATA(&data),
		{ "out", OPT_STR | OPT_REQUIRED, &out, 0, 0, "FILE", "output file (required)", NULL, NULL },
		{ "scale", OPT_STR, &scale, 0, 0, "NAME", "write the provenance lines of a summary of that scale after the "
		  "title (version, date, CPU, this command's wall time)", NULL, NULL },
	};
	const struct cli_cmd cmd = { "images", "Write the Figure 1 image grid: images under luminance shifts.", NULL,
				     "Rows are classes; columns are fixed shifts over [-E, E], then the shift the\n"
				     "training pipeline draws for that image in epoch 1.",
				     CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 0);
	int rc = INB_OK;

	char err[INB_ERRLEN];
	struct fmnist ds;
	rc = fmnist_load(fmnist_resolve_dir(data), FMNIST_TRAIN, &ds, err);
	if (rc)
		return cmd_report(rc, err);

	size_t pick[FMNIST_CLASSES];
	int have[FMNIST_CLASSES] = { 0 };
	size_t npick = 0;
	for (size_t i = 0; i < ds.n && npick < (size_t)count; i++) {
		if (!have[ds.labels[i]]) {
			have[ds.labels[i]] = 1;
			pick[npick++] = i;
		}
	}
	real *delta = malloc(ds.n * sizeof *delta);
	real *x = malloc((size_t)count * (size_t)(columns + 1) * FMNIST_PIXELS * sizeof *x);
	struct outfile of = { 0 };
	if (!delta || !x) {
		rc = cmd_report(INB_EINTERNAL, "out of memory");
		goto done;
	}
	rc = luminance_draw(delta, ds.n, eps, (unsigned long)seed, 1, LUM_TRAIN, err);
	if (rc || (rc = outfile_open(&of, out, err))) {
		rc = cmd_report(rc, err);
		goto done;
	}
	FILE *fp = of.fp;
	long ncol = columns + 1, cell = FMNIST_SIDE + GAP;
	/* Render every cell once through luminance_batch, the path training uses; the fixed shifts go into a copy
	 * of the shift vector at the chosen image's index. */
	for (size_t ri = 0; ri < npick; ri++) {
		for (long ci = 0; ci < ncol; ci++) {
			size_t img = pick[ri];
			real keep = delta[img];
			if (ci < columns)
				delta[img] = (real)(-eps + 2.0 * eps * (double)ci / (double)(columns - 1));
			luminance_batch(x + (ri * (size_t)ncol + (size_t)ci) * FMNIST_PIXELS, ds.pixels, delta, &img, 0, 1);
			delta[img] = keep;
		}
	}
	fprintf(fp, "# inhibnorm %s images: eps=%g count=%zu columns=%ld seed=%ld\n", inb_version, eps, npick, columns,
		seed);
	if (scale) {
		const struct summary_provenance prov = { .own_seconds = inb_seconds() - t0 };
		summary_provenance_write(fp, &prov, scale);
	}
	fprintf(fp, "# block 0: x y pixel value in [0,1] (NaN in gaps); y grows downwards\n");
	for (long gy = 0; gy < (long)npick * cell; gy++) {
		for (long gx = 0; gx < ncol * cell; gx++) {
			long ri = gy / cell, ci = gx / cell, r = gy % cell, c = gx % cell;
			if (r >= FMNIST_SIDE || c >= FMNIST_SIDE)
				fprintf(fp, "%ld\t%ld\tNaN\n", gx, gy);
			else
				fprintf(fp, "%ld\t%ld\t%.4f\n", gx, gy,
					(double)x[(ri * ncol + ci) * FMNIST_PIXELS + r * FMNIST_SIDE + c]);
		}
		fprintf(fp, "\n");
	}
	fprintf(fp, "\n\n# block 1: column headings\n");
	for (long ci = 0; ci < columns; ci++)
		fprintf(fp, "%ld\t%d\t\"Δ = %+.3g\"\n", ci * cell + FMNIST_SIDE / 2, -4,
			-eps + 2.0 * eps * (double)ci / (double)(columns - 1) + 0.0);
	fprintf(fp, "%ld\t%d\t\"epoch-1 draw\"\n", columns * cell + FMNIST_SIDE / 2, -4);
	fprintf(fp, "\n\n# block 2: row headings (class of each image, its index in the training file)\n");
	for (size_t ri = 0; ri < npick; ri++)
		fprintf(fp, "%d\t%ld\t\"%s (#%zu)\"\n", -2, (long)ri * cell + FMNIST_SIDE / 2,
			fmnist_class_names[ds.labels[pick[ri]]], pick[ri]);
	fprintf(fp, "\n\n# block 3: epoch-1 shift of each image\n");
	for (size_t ri = 0; ri < npick; ri++)
		fprintf(fp, "%ld\t%ld\t\"Δ = %+.3f\"\n", ncol * cell, (long)ri * cell + FMNIST_SIDE / 2,
			(double)delta[pick[ri]]);
	rc = outfile_commit(&of, err);
	if (rc)
		rc = cmd_report(rc, err);
done:
	if (rc)
		outfile_abort(&of);
	free(delta);
	free(x);
	fmnist_free(&ds);
	return rc;
}
