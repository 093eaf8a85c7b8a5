/* outfile.c: atomic result files (see outfile.h). The only process-wide state here is the list of temporaries
 * that the signal handler must remove, which is the point of the module. */
#define _POSIX_C_SOURCE 200809L
#include "formats/outfile.h"
#include "core/common.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTFILE_MAX_OPEN 8
static char *volatile open_tmps[OUTFILE_MAX_OPEN];
static int handlers_installed;

void outfile_remove_temporaries(void)
{
	for (int i = 0; i < OUTFILE_MAX_OPEN; i++)
		if (open_tmps[i])
			unlink(open_tmps[i]);
}

static void remove_tmps_and_die(int sig)
{
	outfile_remove_temporaries();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_handlers(void)
{
	if (handlers_installed)
		return;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = remove_tmps_and_die;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	handlers_installed = 1;
}

static void track(char *tmp, int add)
{
	for (int i = 0; i < OUTFILE_MAX_OPEN; i++) {
		if (add && !open_tmps[i]) {
			open_tmps[i] = tmp;
			return;
		}
		if (!add && open_tmps[i] == tmp) {
			open_tmps[i] = NULL;
			return;
		}
	}
}

int outfile_open(struct outfile *of, const char *path, char *err)
{
	memset(of, 0, sizeof *of);
	size_t n = strlen(path) + 32;
	of->path = strdup(path);
	of->tmp_path = malloc(n);
	if (!of->path || !of->tmp_path) {
		outfile_abort(of);
		return inb_fail(err, INB_EINTERNAL, "out of memory");
	}
	snprintf(of->tmp_path, n, "%s.tmp.%ld", path, (long)getpid());
	install_handlers();
	of->fp = fopen(of->tmp_path, "w");
	if (!of->fp) {
		int e = errno;
		outfile_abort(of);
		return inb_fail(err, INB_EWRITE, "cannot write '%s': %s", path, strerror(e));
	}
	track(of->tmp_path, 1);
	return INB_OK;
}

int outfile_commit(struct outfile *of, char *err)
{
	int bad = ferror(of->fp);
	int e = errno;
	if (fclose(of->fp) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	of->fp = NULL;
	if (!bad && rename(of->tmp_path, of->path) != 0) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		int code = inb_fail(err, INB_EWRITE, "cannot write '%s': %s", of->path, strerror(e));
		outfile_abort(of);
		return code;
	}
	track(of->tmp_path, 0);
	free(of->tmp_path);
	free(of->path);
	of->tmp_path = of->path = NULL;
	return INB_OK;
}

void outfile_abort(struct outfile *of)
{
	if (of->fp)
		fclose(of->fp);
	if (of->tmp_path) {
		track(of->tmp_path, 0);
		unlink(of->tmp_path);
	}
	free(of->tmp_path);
	free(of->path);
	memset(of, 0, sizeof *of);
}

int outfile_write_all(const char *path, const char *text, size_t len, char *err)
{
	struct outfile of;
	int rc = outfile_open(&of, path, err);
	if (rc)
		return rc;
	fwrite(text, 1, len, of.fp);
	return outfile_commit(&of, err);
}

int outfile_probe(const char *path, size_t bytes, char *err)
{
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return inb_fail(err, INB_EWRITE, "cannot write '%s': %s, expected a regular file or a new name", path,
				S_ISDIR(st.st_mode) ? "it is a directory" : "it is not a regular file");
	struct outfile of;
	int rc = outfile_open(&of, path, err);
	if (rc)
		return rc;
	static const char zeros[4096];
	int e = 0;
	errno = 0;
	for (size_t done = 0; done < bytes && !e; done += sizeof zeros)
		if (fwrite(zeros, 1, sizeof zeros, of.fp) != sizeof zeros)
			e = errno ? errno : EIO;
	if (!e && fflush(of.fp) != 0)
		e = errno ? errno : EIO;
	outfile_abort(&of);
	if (e)
		return inb_fail(err, INB_EWRITE, "cannot write '%s': %s (checked before training)", path, strerror(e));
	return INB_OK;
}
