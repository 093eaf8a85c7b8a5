/* test_idx.c: the IDX reader and the Fashion-MNIST loader (paper §4.1, (4.1.5)) on small files written here, plain
 * and gzip-compressed, and every malformed input the loader must reject with exit code 3's status. */
#define _DEFAULT_SOURCE
#include "testutil.h"
#include "core/common.h"
#include "data/fmnist.h"
#include "formats/idx.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void check_reads(int gz)
{
	char *dir = tu_mkdtemp(), err[INB_ERRLEN] = "";
	tu_write_split(dir, "train", 5, gz);
	struct fmnist ds;
	int rc = fmnist_load(dir, FMNIST_TRAIN, &ds, err);
	cr_assert_eq(rc, INB_OK, "%s", err);
	cr_assert_eq(ds.n, 5);
	for (size_t i = 0; i < 5 * 784; i++)
		cr_assert_eq(ds.pixels[i], (unsigned char)((i * 7 + 3) % 256), "pixel %zu", i);
	for (size_t i = 0; i < 5; i++)
		cr_assert_eq(ds.labels[i], i % 10);
	fmnist_free(&ds);
}

Test(idx, reads_plain_files) { check_reads(0); }
Test(idx, reads_gzip_files) { check_reads(1); }

/* Expects fmnist_load(dir) to fail with INB_EDATA and a message containing both needles. */
static void expect_bad(const char *dir, const char *needle1, const char *needle2)
{
	struct fmnist ds;
	char err[INB_ERRLEN] = "";
	int rc = fmnist_load(dir, FMNIST_TRAIN, &ds, err);
	cr_assert_eq(rc, INB_EDATA, "expected a data error, got %d (%s)", rc, err);
	cr_assert(strstr(err, needle1), "message '%s' lacks '%s'", err, needle1);
	cr_assert(strstr(err, needle2), "message '%s' lacks '%s'", err, needle2);
}

Test(idx, missing_file)
{
	char *dir = tu_mkdtemp();
	expect_bad(dir, "train-images-idx3-ubyte.gz", "No such file");
}

Test(idx, wrong_magic)
{
	char *dir = tu_mkdtemp(), p[512];
	tu_write_split(dir, "train", 3, 1);
	size_t len;
	unsigned char *b = tu_idx_images(3, 28, 28, 0x00000801u, &len);
	snprintf(p, sizeof p, "%s/train-images-idx3-ubyte.gz", dir);
	tu_write_file(p, b, len, 1);
	free(b);
	expect_bad(dir, "train-images", "wrong magic number 0x00000801, expected 0x00000803");
}

Test(idx, wrong_image_size)
{
	char *dir = tu_mkdtemp(), p[512];
	tu_write_split(dir, "train", 3, 0);
	size_t len;
	unsigned char *b = tu_idx_images(3, 27, 28, IDX_MAGIC_IMAGES, &len);
	snprintf(p, sizeof p, "%s/train-images-idx3-ubyte", dir);
	tu_write_file(p, b, len, 0);
	free(b);
	expect_bad(dir, "train-images", "images are 27x28, expected 28x28");
}

Test(idx, counts_differ)
{
	char *dir = tu_mkdtemp(), p[512];
	tu_write_split(dir, "train", 4, 1);
	size_t len;
	unsigned char *b = tu_idx_labels(3, IDX_MAGIC_LABELS, &len);
	snprintf(p, sizeof p, "%s/train-labels-idx1-ubyte.gz", dir);
	tu_write_file(p, b, len, 1);
	free(b);
	expect_bad(dir, "holds 4 images", "holds 3 labels");
}

/* Compresses a good file, then keeps only part of the compressed bytes. */
Test(idx, truncated_gzip)
{
	char *dir = tu_mkdtemp(), p[512];
	tu_write_split(dir, "train", 20, 1);
	snprintf(p, sizeof p, "%s/train-images-idx3-ubyte.gz", dir);
	FILE *f = fopen(p, "rb");
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fclose(f);
	cr_assert_eq(truncate(p, n / 2), 0);
	expect_bad(dir, "train-images-idx3-ubyte.gz", "truncated");
}

/* Flips bytes inside the deflate stream, so either the data or the CRC check fails. */
Test(idx, corrupt_gzip)
{
	char *dir = tu_mkdtemp(), p[512];
	tu_write_split(dir, "train", 20, 1);
	snprintf(p, sizeof p, "%s/train-images-idx3-ubyte.gz", dir);
	FILE *f = fopen(p, "r+b");
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	for (long off = 20; off < n - 12; off += 37) {
		fseek(f, off, SEEK_SET);
		int c = fgetc(f);
		fseek(f, off, SEEK_SET);
		fputc(c ^ 0x5a, f);
	}
	fclose(f);
	struct fmnist ds;
	char err[INB_ERRLEN] = "";
	int rc = fmnist_load(dir, FMNIST_TRAIN, &ds, err);
	cr_assert_eq(rc, INB_EDATA, "%s", err);
	cr_assert(strstr(err, "train-images-idx3-ubyte.gz") && strstr(err, "gzip"), "%s", err);
}

Test(idx, label_above_nine)
{
	char *dir = tu_mkdtemp(), p[512];
	tu_write_split(dir, "train", 6, 0);
	size_t len;
	unsigned char *b = tu_idx_labels(6, IDX_MAGIC_LABELS, &len);
	b[8 + 4] = 12;
	snprintf(p, sizeof p, "%s/train-labels-idx1-ubyte", dir);
	tu_write_file(p, b, len, 0);
	free(b);
	expect_bad(dir, "label 12 at index 4", "expected 0..9");
}

Test(idx, header_promises_more_than_file_holds)
{
	char *dir = tu_mkdtemp(), p[512];
	tu_write_split(dir, "train", 3, 0);
	size_t len;
	unsigned char *b = tu_idx_images(3, 28, 28, IDX_MAGIC_IMAGES, &len);
	b[7] = 9; /* header now says 9 images; the file holds 3 */
	snprintf(p, sizeof p, "%s/train-images-idx3-ubyte", dir);
	tu_write_file(p, b, len, 0);
	free(b);
	expect_bad(dir, "header promises 7056 data bytes", "holds only 2352");
}

Test(idx, file_longer_than_header_says)
{
	char *dir = tu_mkdtemp(), p[512];
	tu_write_split(dir, "train", 3, 0);
	size_t len;
	unsigned char *b = tu_idx_images(3, 28, 28, IDX_MAGIC_IMAGES, &len);
	b[7] = 2;
	snprintf(p, sizeof p, "%s/train-images-idx3-ubyte", dir);
	tu_write_file(p, b, len, 0);
	free(b);
	expect_bad(dir, "train-images", "more than the 1568 data bytes");
}

Test(idx, header_too_short)
{
	char *dir = tu_mkdtemp(), p[512];
	tu_write_split(dir, "train", 3, 0);
	snprintf(p, sizeof p, "%s/train-images-idx3-ubyte", dir);
	tu_write_file(p, "\0\0\x08\x03\0\0", 6, 0);
	expect_bad(dir, "train-images", "too short for an IDX header");
}

Test(idx, prefers_plain_and_loads_test_split)
{
	char *dir = tu_mkdtemp(), err[INB_ERRLEN] = "";
	tu_write_split(dir, "t10k", 7, 0);
	struct fmnist ds;
	cr_assert_eq(fmnist_load(dir, FMNIST_TEST, &ds, err), INB_OK, "%s", err);
	cr_assert_eq(ds.n, 7);
	fmnist_free(&ds);
}

Test(idx, resolves_data_directory)
{
	cr_assert_str_eq(fmnist_resolve_dir("/some/where"), "/some/where");
	setenv("INHIBNORM_DATA", "/from/env", 1);
	cr_assert_str_eq(fmnist_resolve_dir(NULL), "/from/env");
	unsetenv("INHIBNORM_DATA");
	const char *d = fmnist_resolve_dir(NULL);
	cr_assert(!strcmp(d, FMNIST_LOCAL_DIR) || !strcmp(d, FMNIST_DEFAULT_DIR), "%s", d);
}
