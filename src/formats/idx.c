/* idx.c: IDX reader (see idx.h). The file is streamed through zlib, which passes plain files through unchanged;
 * the payload buffer grows with what is actually read, so a header that promises more than the file holds costs no
 * more memory than the file itself. */
#include "formats/idx.h"
#include "core/common.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Reads up to len bytes; returns the count read, or -1 on a stream error (message in err). */
static long read_some(gzFile gz, const char *path, uint8_t *buf, size_t len, char *err)
{
	size_t got = 0;
	while (got < len) {
		unsigned chunk = (len - got) > (1u << 30) ? (1u << 30) : (unsigned)(len - got);
		int r = gzread(gz, buf + got, chunk);
		int zerr;
		const char *msg = gzerror(gz, &zerr);
		size_t pl = strlen(path);
		if (!strncmp(msg, path, pl) && !strncmp(msg + pl, ": ", 2))
			msg += pl + 2; /* zlib prefixes its message with the path, which ours already names */
		if (r < 0 || (zerr != Z_OK && zerr != Z_BUF_ERROR)) {
			inb_fail(err, INB_EDATA, "%s: corrupt gzip stream (%s)", path, msg);
			return -1;
		}
		if (zerr == Z_BUF_ERROR) {
			inb_fail(err, INB_EDATA, "%s: truncated gzip stream (%s)", path, msg);
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (long)got;
}

/* Opens path, checks the magic number and reads ndim sizes into dims. */
static int read_header(const char *path, uint32_t magic, int ndim, gzFile *gz_out, size_t *dims, char *err)
{
	errno = 0;
	gzFile gz = gzopen(path, "rb");
	if (!gz)
		return inb_fail(err, INB_EDATA, "%s: cannot open: %s", path, errno ? strerror(errno) : "out of memory");
	uint8_t h[16];
	size_t hlen = 4 + 4 * (size_t)ndim;
	long got = read_some(gz, path, h, hlen, err);
	if (got < 0) {
		gzclose(gz);
		return INB_EDATA;
	}
	if ((size_t)got < hlen) {
		gzclose(gz);
		return inb_fail(err, INB_EDATA, "%s: file too short for an IDX header (%ld of %zu bytes)", path, got, hlen);
	}
	uint32_t m = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
	if (m != magic) {
		gzclose(gz);
		return inb_fail(err, INB_EDATA, "%s: wrong magic number 0x%08x, expected 0x%08x (%s)", path, m, magic,
				magic == IDX_MAGIC_IMAGES ? "IDX uint8 images, 3 dimensions" : "IDX uint8 labels, 1 dimension");
	}
	for (int d = 0; d < ndim; d++) {
		const uint8_t *p = h + 4 + 4 * d;
		dims[d] = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
	}
	*gz_out = gz;
	return INB_OK;
}

/* Reads exactly len payload bytes into a new buffer and checks that nothing follows them. */
static int read_payload(gzFile gz, const char *path, size_t len, uint8_t **out, char *err)
{
	size_t cap = len < (16u << 20) ? len : (16u << 20), have = 0;
	uint8_t *buf = malloc(cap ? cap : 1);
	if (!buf)
		return inb_fail(err, INB_EINTERNAL, "out of memory reading %s", path);
	while (have < len) {
		if (have == cap) {
			size_t ncap = cap * 2 < len ? cap * 2 : len;
			uint8_t *nb = realloc(buf, ncap);
			if (!nb) {
				free(buf);
				return inb_fail(err, INB_EINTERNAL, "out of memory reading %s", path);
			}
			buf = nb;
			cap = ncap;
		}
		long r = read_some(gz, path, buf + have, cap - have, err);
		if (r < 0) {
			free(buf);
			return INB_EDATA;
		}
		if (r == 0) {
			free(buf);
			return inb_fail(err, INB_EDATA, "%s: header promises %zu data bytes, file holds only %zu", path,
					len, have);
		}
		have += (size_t)r;
	}
	uint8_t extra;
	long r = read_some(gz, path, &extra, 1, err);
	if (r != 0) {
		free(buf);
		if (r < 0)
			return INB_EDATA;
		return inb_fail(err, INB_EDATA, "%s: file holds more than the %zu data bytes its header promises",
				path, len);
	}
	*out = buf;
	return INB_OK;
}

int idx_read_images(const char *path, size_t want_rows, size_t want_cols, struct idx_images *out, char *err)
{
	memset(out, 0, sizeof *out);
	gzFile gz = NULL;
	size_t dims[3] = { 0 };
	int rc = read_header(path, IDX_MAGIC_IMAGES, 3, &gz, dims, err);
	if (rc)
		return rc;
	if (want_rows && (dims[1] != want_rows || dims[2] != want_cols)) {
		gzclose(gz);
		return inb_fail(err, INB_EDATA, "%s: images are %zux%zu, expected %zux%zu", path, dims[1], dims[2],
				want_rows, want_cols);
	}
	size_t per = dims[1] * dims[2];
	if (dims[1] && (dims[2] > SIZE_MAX / dims[1] || (per && dims[0] > SIZE_MAX / per))) {
		gzclose(gz);
		return inb_fail(err, INB_EDATA, "%s: header sizes %zu x %zu x %zu overflow", path, dims[0], dims[1], dims[2]);
	}
	rc = read_payload(gz, path, dims[0] * per, &out->pixels, err);
	int crc = gzclose(gz);
	if (!rc && crc != Z_OK) {
		idx_images_free(out);
		return inb_fail(err, INB_EDATA, "%s: truncated or corrupt gzip stream", path);
	}
	if (rc)
		return rc;
	out->n = dims[0];
	out->rows = dims[1];
	out->cols = dims[2];
	return INB_OK;
}

int idx_read_labels(const char *path, struct idx_labels *out, char *err)
{
	memset(out, 0, sizeof *out);
	gzFile gz = NULL;
	size_t dims[1] = { 0 };
	int rc = read_header(path, IDX_MAGIC_LABELS, 1, &gz, dims, err);
	if (rc)
		return rc;
	rc = read_payload(gz, path, dims[0], &out->labels, err);
	int crc = gzclose(gz);
	if (!rc && crc != Z_OK) {
		idx_labels_free(out);
		return inb_fail(err, INB_EDATA, "%s: truncated or corrupt gzip stream", path);
	}
	if (rc)
		return rc;
	out->n = dims[0];
	return INB_OK;
}

void idx_images_free(struct idx_images *im)
{
	free(im->pixels);
	memset(im, 0, sizeof *im);
}

void idx_labels_free(struct idx_labels *lb)
{
	free(lb->labels);
	memset(lb, 0, sizeof *lb);
}
