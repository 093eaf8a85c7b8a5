/* idx.h: reader for the IDX files Fashion-MNIST ships in (paper §4.1, (4.1.5)).
 * An IDX file is a big-endian header (magic 0x00000803 for a stack of uint8 images, 0x00000801 for a uint8 label
 * vector, then one 32-bit size per dimension) followed by the raw bytes. Files may be plain or gzip-compressed; zlib
 * reads both. Every malformed file is reported with its path and what was wrong, never read past or half-loaded. */
#ifndef INHIBNORM_IDX_H
#define INHIBNORM_IDX_H

#include <stddef.h>
#include <stdint.h>

#define IDX_MAGIC_IMAGES 0x00000803u
#define IDX_MAGIC_LABELS 0x00000801u

struct idx_images {
	size_t n;          /* number of images */
	size_t rows, cols; /* image size */
	uint8_t *pixels;   /* (n, rows*cols), row-major, 0..255 */
};

struct idx_labels {
	size_t n;
	uint8_t *labels;   /* (n) */
};

/* Reads an image file whose images must be want_rows x want_cols (0, 0: any size). Returns INB_OK, or INB_EDATA
 * with err naming the file and the fault (missing, unreadable, corrupt or truncated gzip stream, wrong magic number,
 * wrong image size, header promising more or fewer bytes than the file holds). */
int idx_read_images(const char *path, size_t want_rows, size_t want_cols, struct idx_images *out, char *err);

/* Reads a label file; same errors as idx_read_images. */
int idx_read_labels(const char *path, struct idx_labels *out, char *err);

void idx_images_free(struct idx_images *im);
void idx_labels_free(struct idx_labels *lb);

#endif
