/* cli.h: option tables for the subcommands of bin/inhibnorm.
 * Each subcommand declares its flags once, in a table; the same table parses the command line (with range checks
 * and one-line messages) and prints `inhibnorm COMMAND --help`. Flags are `--name VALUE` or `--name=VALUE`. */
#ifndef INHIBNORM_CLI_H
#define INHIBNORM_CLI_H

#include <stdio.h>

enum opt_type {
	OPT_REAL,   /* dst: double *, checked against [lo, hi] */
	OPT_INT,    /* dst: long *, checked against [lo, hi] */
	OPT_STR,    /* dst: const char ** */
	OPT_CHOICE, /* dst: const char **, must be one of choices */
	OPT_FLAG    /* dst: int *, set to 1; takes no value */
};
/* Or'ed into the type of an OPT_STR or OPT_CHOICE flag that must be given. */
#define OPT_REQUIRED 0x100
#define OPT_KIND(t) ((enum opt_type)((t) & 0xff))

struct opt {
	const char *name;             /* without the leading dashes */
	int type;                     /* an opt_type, possibly | OPT_REQUIRED */
	void *dst;
	double lo, hi;                /* inclusive range for OPT_REAL and OPT_INT */
	const char *metavar;          /* shown in --help, e.g. "E" */
	const char *help;             /* one line; the default is printed from dst */
	const char *const *choices;   /* NULL-terminated, for OPT_CHOICE */
	int *given;                   /* if not NULL, set to 1 when the flag appears */
};

struct cli_cmd {
	const char *name;
	const char *summary;          /* one line */
	const char *positional;       /* e.g. "A B", or NULL */
	const char *description;      /* paragraph after the usage line, or NULL */
	const struct opt *opts;
	int nopts;
};

/* Parses argv[1..argc) (argv[0] is the command name). Positional arguments are stored in pos (at most maxpos) and
 * counted in *npos. `--help` prints help to stdout and sets *help. A required flag that is missing fails with
 * "CMD: --NAME METAVAR is required". Returns INB_OK or INB_EUSAGE with err set. */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, char **pos, int maxpos, int *npos, int *help,
	      char *err);

/* Prints the usage line, description and one line per flag with its default. */
void cli_help(FILE *fp, const struct cli_cmd *cmd);

/* Parses a whole string as a finite double / a long; returns 0 on success. */
int cli_to_double(const char *s, double *out);
int cli_to_long(const char *s, long *out);

#endif
