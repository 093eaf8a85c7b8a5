/* test_gsl_errors.c: a GSL error never abort()s. GSL's default handler does; the package installs its own
 * (src/cli/cmd_common.c:cmd_gsl_error: bin/inhibnorm's main() first thing, this test binary at load, below), which prints
 * one line naming GSL's error, removes the temporaries of unfinished output files and ends the process with exit
 * code 1 (internal or numerical failure, common.h). Each error is provoked with an invalid argument to a GSL
 * function, in a forked child whose exit status and stderr are checked. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "cli/commands.h"
#include "core/common.h"
#include "formats/outfile.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Every process of the test binary (Criterion runs each test in its own) handles GSL errors as bin/inhibnorm does. */
__attribute__((constructor)) static void install_gsl_handler(void)
{
	cmd_gsl_install();
}

/* Runs fn(arg) in a child with stderr into a pipe; returns the child's wait status and its stderr in text. */
static int in_child(void (*fn)(void *), void *arg, char *text, size_t len)
{
	int fd[2];
	cr_assert_eq(pipe(fd), 0);
	fflush(NULL);
	pid_t pid = fork();
	cr_assert(pid >= 0, "fork failed");
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDERR_FILENO);
		fn(arg);
		_exit(99); /* not reached: the handler exits */
	}
	close(fd[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < len && (r = read(fd[0], text + n, len - 1 - n)) > 0)
		n += (size_t)r;
	text[n] = 0;
	close(fd[0]);
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return status;
}

/* The child exited with code 1 (not a signal such as abort()'s SIGABRT) and printed one line starting with
 * "inhibnorm: GSL error: " and holding needle. */
static void expect_handled(int status, const char *text, const char *needle)
{
	cr_assert(!WIFSIGNALED(status), "killed by signal %d%s: %s", WIFSIGNALED(status) ? WTERMSIG(status) : 0,
		  WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT ? " (abort)" : "", text);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == INB_EINTERNAL, "exit status %d, expected %d: %s",
		  WIFEXITED(status) ? WEXITSTATUS(status) : -1, INB_EINTERNAL, text);
	cr_assert(!strncmp(text, "inhibnorm: GSL error: ", 22), "message: %s", text);
	cr_assert(strstr(text, needle), "message '%s' does not hold '%s'", text, needle);
	cr_assert(strchr(text, '\n') == text + strlen(text) - 1, "not one line: %s", text);
}

/* gsl_rng_uniform_int with n = 0 (the package draws units and rows with it in theorem1.c) */
static void draw_from_nothing(void *arg)
{
	(void)arg;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	unsigned long k = gsl_rng_uniform_int(r, 0);
	fprintf(stderr, "gsl_rng_uniform_int returned %lu\n", k);
}

Test(gsl_errors, invalid_argument_exits_1_with_one_line)
{
	char text[1024];
	int status = in_child(draw_from_nothing, NULL, text, sizeof text);
	expect_handled(status, text, "invalid n, either 0 or exceeds maximum value of generator");
	cr_assert(strstr(text, gsl_strerror(GSL_EINVAL)), "GSL's name of the error is missing: %s", text);
}

/* another error from another part of GSL: gsl_matrix_get out of range */
static void read_outside(void *arg)
{
	(void)arg;
	gsl_matrix *m = gsl_matrix_alloc(2, 2);
	gsl_matrix_set_zero(m);
	double v = gsl_matrix_get(m, 5, 0);
	fprintf(stderr, "gsl_matrix_get returned %g\n", v);
}

Test(gsl_errors, index_out_of_range_exits_1_with_one_line)
{
	char text[1024];
	int status = in_child(read_outside, NULL, text, sizeof text);
	expect_handled(status, text, "index out of range");
}

/* A GSL error while a result is being written: the temporary beside the target is removed, nothing is left. */
static void fail_while_writing(void *arg)
{
	struct outfile of;
	char err[INB_ERRLEN];
	if (outfile_open(&of, arg, err))
		_exit(98);
	fputs("half a result\n", of.fp);
	fflush(of.fp);
	draw_from_nothing(NULL);
}

Test(gsl_errors, no_output_file_is_left)
{
	char *dir = tu_mkdtemp(), path[600], text[1024];
	snprintf(path, sizeof path, "%s/result.tsv", dir);
	int status = in_child(fail_while_writing, path, text, sizeof text);
	expect_handled(status, text, "invalid n");
	DIR *d = opendir(dir);
	cr_assert_not_null(d);
	for (struct dirent *e; (e = readdir(d));)
		cr_assert(!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."), "left behind: %s", e->d_name);
	closedir(d);
}

/* The same through Criterion's own check of the exit code (the test process itself exits). */
Test(gsl_errors, criterion_sees_exit_code_1, .exit_code = INB_EINTERNAL)
{
	cr_assert_not_null(freopen("/dev/null", "w", stderr)); /* the expected message, kept out of the suite's log */
	draw_from_nothing(NULL);
}
