/* fmnist.c: locating and loading Fashion-MNIST (see fmnist.h). */
#define _POSIX_C_SOURCE 200809L
#include "data/fmnist.h"
#include "core/common.h"
#include "formats/idx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const fmnist_class_names[FMNIST_CLASSES] = {
	"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
};

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *fmnist_resolve_dir(const char *flag_dir)
{
	if (flag_dir && *flag_dir)
		return flag_dir;
	const char *env = getenv("INHIBNORM_DATA");
	if (env && *env)
		return env;
	if (is_dir(FMNIST_LOCAL_DIR))
		return FMNIST_LOCAL_DIR;
	return FMNIST_DEFAULT_DIR;
}

/* Writes into buf the path of dir/base, preferring the plain file and falling back to base.gz; when neither
 * exists the .gz name is given so the error message names what Debian's package installs. */
static void find_file(char *buf, size_t len, const char *dir, const char *base)
{
	struct stat st;
	snprintf(buf, len, "%s/%s", dir, base);
	if (stat(buf, &st) == 0)
		return;
	snprintf(buf, len, "%s/%s.gz", dir, base);
}

int fmnist_load(const char *dir, enum fmnist_split split, struct fmnist *out, char *err)
{
	memset(out, 0, sizeof *out);
	const char *pre = split == FMNIST_TRAIN ? "train" : "t10k";
	char ipath[4096], lpath[4096], base[64];
	snprintf(base, sizeof base, "%s-images-idx3-ubyte", pre);
	find_file(ipath, sizeof ipath, dir, base);
	snprintf(base, sizeof base, "%s-labels-idx1-ubyte", pre);
	find_file(lpath, sizeof lpath, dir, base);

	struct idx_images im;
	struct idx_labels lb;
	int rc = idx_read_images(ipath, FMNIST_SIDE, FMNIST_SIDE, &im, err);
	if (rc)
		return rc;
	rc = idx_read_labels(lpath, &lb, err);
	if (rc) {
		idx_images_free(&im);
		return rc;
	}
	if (im.n != lb.n) {
		rc = inb_fail(err, INB_EDATA, "%s holds %zu images but %s holds %zu labels; expected equal counts", ipath,
			      im.n, lpath, lb.n);
		goto fail;
	}
	for (size_t i = 0; i < lb.n; i++) {
		if (lb.labels[i] >= FMNIST_CLASSES) {
			rc = inb_fail(err, INB_EDATA, "%s: label %u at index %zu, expected 0..9", lpath,
				      (unsigned)lb.labels[i], i);
			goto fail;
		}
	}
	out->n = im.n;
	out->pixels = im.pixels;
	out->labels = lb.labels;
	return INB_OK;
fail:
	idx_images_free(&im);
	idx_labels_free(&lb);
	return rc;
}

void fmnist_free(struct fmnist *ds)
{
	free(ds->pixels);
	free(ds->labels);
	memset(ds, 0, sizeof *ds);
}
