/* cli.c: option tables (see cli.h). */
#include "core/options.h"
#include "core/common.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int cli_to_double(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int cli_to_long(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}

static const struct opt *find_opt(const struct cli_cmd *cmd, const char *name, size_t len)
{
	for (int i = 0; i < cmd->nopts; i++)
		if (strlen(cmd->opts[i].name) == len && !strncmp(cmd->opts[i].name, name, len))
			return &cmd->opts[i];
	return NULL;
}

static int set_value(const struct cli_cmd *cmd, const struct opt *o, const char *v, char *err)
{
	switch (OPT_KIND(o->type)) {
	case OPT_REAL: {
		double d;
		if (cli_to_double(v, &d) || d < o->lo || d > o->hi)
			return inb_fail(err, INB_EUSAGE, "%s: --%s: expected a number in [%g, %g], got '%s'", cmd->name,
					o->name, o->lo, o->hi, v);
		*(double *)o->dst = d;
		break;
	}
	case OPT_INT: {
		long l;
		if (cli_to_long(v, &l) || l < o->lo || l > o->hi)
			return inb_fail(err, INB_EUSAGE, "%s: --%s: expected a whole number in [%.0f, %.0f], got '%s'",
					cmd->name, o->name, o->lo, o->hi, v);
		*(long *)o->dst = l;
		break;
	}
	case OPT_STR:
		if (!*v)
			return inb_fail(err, INB_EUSAGE, "%s: --%s: expected a non-empty value", cmd->name, o->name);
		*(const char **)o->dst = v;
		break;
	case OPT_CHOICE: {
		for (const char *const *c = o->choices; *c; c++) {
			if (!strcmp(*c, v)) {
				*(const char **)o->dst = *c;
				return INB_OK;
			}
		}
		char list[256] = "";
		for (const char *const *c = o->choices; *c; c++) {
			strncat(list, *c, sizeof list - strlen(list) - 1);
			if (c[1])
				strncat(list, ", ", sizeof list - strlen(list) - 1);
		}
		return inb_fail(err, INB_EUSAGE, "%s: --%s: expected one of %s, got '%s'", cmd->name, o->name, list, v);
	}
	case OPT_FLAG:
		*(int *)o->dst = 1;
		break;
	}
	return INB_OK;
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, char **pos, int maxpos, int *npos, int *help,
	      char *err)
{
	*npos = 0;
	*help = 0;
	int only_pos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_pos || a[0] != '-' || !a[1]) {
			if (*npos >= maxpos)
				return inb_fail(err, INB_EUSAGE, "%s: unexpected argument '%s' (see 'inhibnorm %s --help')",
						cmd->name, a, cmd->name);
			pos[(*npos)++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			*help = 1;
			return INB_OK;
		}
		if (a[1] != '-')
			return inb_fail(err, INB_EUSAGE, "%s: unknown flag '%s' (see 'inhibnorm %s --help')", cmd->name, a,
					cmd->name);
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const struct opt *o = find_opt(cmd, name, len);
		if (!o)
			return inb_fail(err, INB_EUSAGE, "%s: unknown flag '--%.*s' (see 'inhibnorm %s --help')", cmd->name,
					(int)len, name, cmd->name);
		const char *v;
		if (OPT_KIND(o->type) == OPT_FLAG) {
			if (eq)
				return inb_fail(err, INB_EUSAGE, "%s: --%s takes no value", cmd->name, o->name);
			v = "";
		} else if (eq) {
			v = eq + 1;
		} else {
			if (i + 1 >= argc)
				return inb_fail(err, INB_EUSAGE, "%s: --%s needs a value (%s)", cmd->name, o->name,
						o->metavar ? o->metavar : "VALUE");
			v = argv[++i];
		}
		int rc = set_value(cmd, o, v, err);
		if (rc)
			return rc;
		if (o->given)
			*o->given = 1;
	}
	for (int i = 0; i < cmd->nopts; i++) {
		const struct opt *o = &cmd->opts[i];
		if ((o->type & OPT_REQUIRED) && !*(const char **)o->dst)
			return inb_fail(err, INB_EUSAGE, "%s: --%s %s is required (see 'inhibnorm %s --help')", cmd->name,
					o->name, o->metavar ? o->metavar : "VALUE", cmd->name);
	}
	return INB_OK;
}

void cli_help(FILE *fp, const struct cli_cmd *cmd)
{
	fprintf(fp, "usage: inhibnorm %s [flags]%s%s\n\n%s\n", cmd->name, cmd->positional ? " " : "",
		cmd->positional ? cmd->positional : "", cmd->summary);
	if (cmd->description)
		fprintf(fp, "\n%s\n", cmd->description);
	if (cmd->nopts)
		fprintf(fp, "\nflags:\n");
	for (int i = 0; i < cmd->nopts; i++) {
		const struct opt *o = &cmd->opts[i];
		char left[64], def[96] = "";
		const enum opt_type kind = OPT_KIND(o->type);
		snprintf(left, sizeof left, "--%s%s%s", o->name, kind == OPT_FLAG ? "" : " ",
			 kind == OPT_FLAG ? "" : (o->metavar ? o->metavar : "VALUE"));
		switch (OPT_KIND(o->type)) {
		case OPT_REAL:
			snprintf(def, sizeof def, " [default %g; range %g..%g]", *(double *)o->dst, o->lo, o->hi);
			break;
		case OPT_INT:
			snprintf(def, sizeof def, " [default %ld; range %.0f..%.0f]", *(long *)o->dst, o->lo, o->hi);
			break;
		case OPT_STR:
		case OPT_CHOICE:
			if (*(const char **)o->dst)
				snprintf(def, sizeof def, " [default %s]", *(const char **)o->dst);
			break;
		case OPT_FLAG:
			break;
		}
		fprintf(fp, "  %-22s %s%s\n", left, o->help, def);
		if (kind == OPT_CHOICE) {
			fprintf(fp, "  %-22s one of:", "");
			for (const char *const *c = o->choices; *c; c++)
				fprintf(fp, " %s", *c);
			fprintf(fp, "\n");
		}
	}
	fprintf(fp, "  %-22s %s\n", "--help", "print this help and exit");
}
