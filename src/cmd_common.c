/* cmd_common.c: what every subcommand shares: reporting and flag parsing. */
#include "commands.h"
#include "common.h"

#include <stdio.h>

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
