/* cmd_common.c: what every subcommand shares: reporting, flag parsing, and the GSL error handler. */
#define _POSIX_C_SOURCE 200809L
#include "cli/commands.h"
#include "core/common.h"
#include "formats/outfile.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_report(int code, const char *msg)
{
	fprintf(stderr, "inhibnorm: %s\n", msg);
	return code;
}

int cmd_parse(const struct cli_cmd *cmd, int argc, char **argv, char **pos, int maxpos, int *npos)
{
	char err[INB_ERRLEN];
	int help;
	int rc = cli_parse(cmd, argc, argv, pos, maxpos, npos, &help, err);
	if (rc)
		return cmd_report(rc, err);
	if (help) {
		cli_help(stdout, cmd);
		return -1;
	}
	return INB_OK;
}

void cmd_gsl_error(const char *reason, const char *file, int line, int gsl_errno)
{
	/* Every GSL error here is internal or numerical: the package hands GSL only arguments it has checked, so an
	 * invalid argument is a bug, and out of memory, overflow or a failed iteration are numerical failures. */
	fprintf(stderr, "inhibnorm: GSL error: %s (%s, at %s:%d)\n", reason ? reason : "?", gsl_strerror(gsl_errno),
		file ? file : "?", line);
	fflush(stderr);
	outfile_remove_temporaries();
	/* _exit, not exit: nothing registered with atexit runs in a program stopped inside a library call, and output
	 * still buffered (a partial table on stdout) is dropped with the result it belonged to */
	_exit(INB_EINTERNAL);
}

void cmd_gsl_install(void)
{
	gsl_set_error_handler(cmd_gsl_error);
}

char *cmd_command_line(int argc, char **argv)
{
	size_t len = 16;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	char *line = malloc(len);
	if (!line)
		return NULL;
	strcpy(line, "inhibnorm");
	for (int i = 0; i < argc; i++) {
		strcat(line, " ");
		strcat(line, argv[i]);
	}
	return line;
}
