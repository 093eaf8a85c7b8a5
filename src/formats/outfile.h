/* outfile.h: atomic result files.
 * A result is written to `<path>.tmp.<pid>` beside its target and renamed over the target only once it has been
 * written and closed without error, so a reader (or `make`) never sees a partial file. An interrupted program
 * removes its temporary on SIGINT, SIGTERM and SIGHUP; a SIGKILL can leave one behind, which nothing reads. */
#ifndef INHIBNORM_OUTFILE_H
#define INHIBNORM_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *fp;        /* open temporary; write through this */
	char *path;      /* the target */
	char *tmp_path;  /* the temporary beside it */
};

/* Opens a temporary beside path. Returns INB_OK or INB_EWRITE (message in err). */
int outfile_open(struct outfile *of, const char *path, char *err);

/* Flushes, closes and renames the temporary over the target. Returns INB_OK or INB_EWRITE; on failure the
 * temporary is removed. */
int outfile_commit(struct outfile *of, char *err);

/* Closes and removes the temporary; the target is left as it was. Safe to call on a committed or zeroed struct. */
void outfile_abort(struct outfile *of);

/* Removes every temporary still open, without closing or freeing anything: for a program about to exit on a fatal
 * error (the signal handlers, the GSL error handler of cmd_common.c). Async-signal-safe. */
void outfile_remove_temporaries(void);

/* Checks, before long work, that a result of about `bytes` bytes can be written to path: path is not a directory
 * or other non-regular file, its temporary can be created, and `bytes` bytes can be written to it (a full disk or
 * a file-size limit shows here). Leaves nothing behind. Returns INB_OK or INB_EWRITE (message in err). */
int outfile_probe(const char *path, size_t bytes, char *err);

/* Writes a whole text buffer to path atomically. */
int outfile_write_all(const char *path, const char *text, size_t len, char *err);

#endif
