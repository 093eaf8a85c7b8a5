/* testutil.c: see testutil.h. */
#define _DEFAULT_SOURCE
#define _XOPEN_SOURCE 700
#include "testutil.h"
#include "core/common.h"
#include "formats/tsvtable.h"

#include <ftw.h>

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdint.h>
#include <zlib.h>

/* Scratch directories and file paths handed out to this test process: the directories are removed and the strings
 * freed when it exits, so tests never free them (a failed assertion leaves a test half way, which would leak). */
static char **tu_dirs, **tu_paths;
static size_t tu_ndirs, tu_npaths;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void release_all(void)
{
	for (size_t i = 0; i < tu_ndirs; i++) {
		nftw(tu_dirs[i], remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		free(tu_dirs[i]);
	}
	for (size_t i = 0; i < tu_npaths; i++)
		free(tu_paths[i]);
	free(tu_dirs);
	free(tu_paths);
	tu_dirs = tu_paths = NULL;
	tu_ndirs = tu_npaths = 0;
}

/* Adds s to the list *v of *n strings released at exit; returns s. */
static char *own(char ***v, size_t *n, char *s)
{
	static int registered;
	cr_assert_not_null(s, "out of memory");
	if (!registered) {
		atexit(release_all);
		registered = 1;
	}
	char **grown = realloc(*v, (*n + 1) * sizeof **v);
	cr_assert_not_null(grown, "out of memory");
	*v = grown;
	(*v)[(*n)++] = s;
	return s;
}

char *tu_mkdtemp(void)
{
	char *t = own(&tu_dirs, &tu_ndirs, strdup("/tmp/inhibnorm-test-XXXXXX"));
	cr_assert_not_null(mkdtemp(t), "mkdtemp failed");
	return t;
}

void tu_write_file(const char *path, const void *buf, size_t len, int gz)
{
	if (gz) {
		gzFile g = gzopen(path, "wb");
		cr_assert_not_null(g, "cannot create %s", path);
		cr_assert_eq(gzwrite(g, buf, (unsigned)len), (int)len);
		cr_assert_eq(gzclose(g), Z_OK);
	} else {
		FILE *f = fopen(path, "wb");
		cr_assert_not_null(f, "cannot create %s", path);
		cr_assert_eq(fwrite(buf, 1, len, f), len);
		cr_assert_eq(fclose(f), 0);
	}
}

char *tu_write_text(const char *dir, const char *name, const char *text)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *p = own(&tu_paths, &tu_npaths, malloc(len));
	snprintf(p, len, "%s/%s", dir, name);
	tu_write_file(p, text, strlen(text), 0);
	return p;
}

char *tu_read_file(const char *path, size_t *len)
{
	char *buf, err[INB_ERRLEN];
	size_t n;
	int rc = tsvtable_slurp(path, &buf, &n, err);
	cr_assert_eq(rc, INB_OK, "%s", err);
	if (len)
		*len = n;
	return own(&tu_paths, &tu_npaths, buf);
}

int tu_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

const char *tu_bin(void)
{
	const char *b = getenv("INHIBNORM_BIN");
	return b && *b ? b : "bin/inhibnorm";
}

int tu_run(const char *args, char *out, size_t outlen)
{
	size_t n = strlen(tu_bin()) + strlen(args) + 16;
	char *cmd = malloc(n);
	snprintf(cmd, n, "%s %s 2>&1", tu_bin(), args);
	FILE *p = popen(cmd, "r");
	free(cmd);
	cr_assert_not_null(p, "popen failed");
	size_t got = fread(out, 1, outlen - 1, p);
	out[got] = 0;
	char sink[4096];
	while (fread(sink, 1, sizeof sink, p) > 0)
		;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Builds an IDX image file in memory: n images of rows x cols, pixel value (i * 7 + k) mod 256. */
void tu_expect_fail(const char *args, int code, const char *needle, const char *path)
{
	char out[8192];
	int rc = tu_run(args, out, sizeof out);
	cr_assert_eq(rc, code, "'%s' exited %d, expected %d; output: %s", args, rc, code, out);
	cr_assert(strstr(out, needle), "'%s': message '%s' lacks '%s'", args, out, needle);
	cr_assert(!strncmp(out, "inhibnorm: ", 11), "message does not start with the program name: %s", out);
	char *nl = strchr(out, '\n');
	cr_assert(nl && nl[1] == 0, "expected one line, got: %s", out);
	if (path)
		cr_assert(!tu_exists(path), "'%s' left an output file %s", args, path);
}

unsigned char *tu_idx_images(size_t n, size_t rows, size_t cols, unsigned magic, size_t *len)
{
	*len = 16 + n * rows * cols;
	unsigned char *b = malloc(*len);
	uint32_t h[4] = { magic, (uint32_t)n, (uint32_t)rows, (uint32_t)cols };
	for (int d = 0; d < 4; d++)
		for (int j = 0; j < 4; j++)
			b[4 * d + j] = (unsigned char)(h[d] >> (24 - 8 * j));
	for (size_t i = 0; i < n * rows * cols; i++)
		b[16 + i] = (unsigned char)((i * 7 + 3) % 256);
	return b;
}

unsigned char *tu_idx_labels(size_t n, unsigned magic, size_t *len)
{
	*len = 8 + n;
	unsigned char *b = malloc(*len);
	uint32_t h[2] = { magic, (uint32_t)n };
	for (int d = 0; d < 2; d++)
		for (int j = 0; j < 4; j++)
			b[4 * d + j] = (unsigned char)(h[d] >> (24 - 8 * j));
	for (size_t i = 0; i < n; i++)
		b[8 + i] = (unsigned char)(i % 10);
	return b;
}

/* Writes a complete training split (n images) into dir; gz selects the .gz names. */
void tu_write_split(const char *dir, const char *pre, size_t n, int gz)
{
	char p[512];
	size_t len;
	unsigned char *b = tu_idx_images(n, 28, 28, 0x00000803u, &len);
	snprintf(p, sizeof p, "%s/%s-images-idx3-ubyte%s", dir, pre, gz ? ".gz" : "");
	tu_write_file(p, b, len, gz);
	free(b);
	b = tu_idx_labels(n, 0x00000801u, &len);
	snprintf(p, sizeof p, "%s/%s-labels-idx1-ubyte%s", dir, pre, gz ? ".gz" : "");
	tu_write_file(p, b, len, gz);
	free(b);
}

