/* commands.h: the subcommands of bin/inhibnorm. Each takes argv with argv[0] = its own name and returns an exit
 * code (common.h); each reports its own errors on stderr as one line starting with "inhibnorm: ". */
#ifndef INHIBNORM_COMMANDS_H
#define INHIBNORM_COMMANDS_H

#include "core/options.h"
#include "data/fmnist.h"

int cmd_images(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_summarize(int argc, char **argv);
int cmd_registry(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_mwu(int argc, char **argv);
int cmd_theorem1(int argc, char **argv);
int cmd_dann_train(int argc, char **argv);
int cmd_dann_summary(int argc, char **argv);
int cmd_dann_fig2_summary(int argc, char **argv);
int cmd_runcompare(int argc, char **argv);
int cmd_runinfo(int argc, char **argv);
int cmd_report_claims(int argc, char **argv);
int cmd_numbers(int argc, char **argv);
int cmd_trace(int argc, char **argv);

/* Prints "inhibnorm: <msg>" on stderr and returns code. */
int cmd_report(int code, const char *msg);

/* GSL's error handler for the program (GSL's own calls abort()): prints "inhibnorm: GSL error: REASON (GSL's name for
 * the error code, at FILE:LINE)" on stderr, removes the temporaries of unfinished output files (outfile.h) and ends
 * the process with _exit(INB_EINTERNAL) (1, internal or numerical failure). */
void cmd_gsl_error(const char *reason, const char *file, int line, int gsl_errno);

/* Installs cmd_gsl_error as GSL's error handler; main() calls it first, the test binary at load. */
void cmd_gsl_install(void);

/* "inhibnorm ARGV[0] ARGV[1] ...", the command line a result file records (malloc'ed; NULL when out of memory). */
char *cmd_command_line(int argc, char **argv);

/* Parses flags; prints help and returns -1 when --help was given, an exit code on a usage error, 0 otherwise. */
int cmd_parse(const struct cli_cmd *cmd, int argc, char **argv, char **pos, int maxpos, int *npos);

/* The option count of a command's table: the last member of its struct cli_cmd. */
#define CMD_OPTS(opts) (opts), (int)(sizeof(opts) / sizeof((opts)[0]))

/* A command's first step: declares pos (room for maxpos positional words; static, as a command runs once per call
 * and the room may be large) and npos, parses the flags, and returns from the command with 0 after --help or with
 * the exit code of a usage error (reported). */
#define CMD_PARSE(cmd, argc, argv, maxpos)                                                                   \
	static char *pos[(maxpos) > 0 ? (maxpos) : 1];                                                         \
	int npos;                                                                                              \
	do {                                                                                                   \
		const int parse_rc_ = cmd_parse(cmd, argc, argv, pos, maxpos, &npos);                         \
		if (parse_rc_)                                                                                 \
			return parse_rc_ < 0 ? INB_OK : parse_rc_;                                             \
	} while (0)

/* Option rows shared by the commands that read data or train. */
#define CMD_OPT_DATA(var)                                                                                      \
	{ "data", OPT_STR, var, 0, 0, "DIR", "directory of the IDX files (else $INHIBNORM_DATA, data/fashion-mnist, " \
	  FMNIST_DEFAULT_DIR ")", NULL, NULL }
#define CMD_OPT_TRAIN_LIMIT(var)                                                                               \
	{ "train-limit", OPT_INT, var, 0, 1e9, "N", "train on the first N images only (0: all)", NULL, NULL }
#define CMD_OPT_TEST_LIMIT(var)                                                                                \
	{ "test-limit", OPT_INT, var, 0, 1e9, "N", "evaluate on the first N test images only (0: all)", NULL, NULL }

#endif
