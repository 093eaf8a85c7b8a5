/* cmd_mwu.c: `inhibnorm mwu A B`, the two-sided Mann–Whitney U test of paper §4.5, (4.5.1)-(4.5.6), on two sample
 * files. A and B hold one number per line (numfile.h). Prints one line,
 *   U=<U1> p=<p> z=<z> n1=<n1> n2=<n2> method=<exact|asymptotic>
 * with U1 the statistic of the first sample (as scipy reports it), z = nan for the exact method. */
#include "cli/commands.h"
#include "core/common.h"
#include "stats/mwu.h"
#include "formats/numfile.h"

#include <stdio.h>
#include <stdlib.h>

int cmd_mwu(int argc, char **argv)
{
	const char *method_s = "auto";
	static const char *const methods[] = { "auto", "exact", "asymptotic", NULL };
	const struct opt opts[] = {
		{ "method", OPT_CHOICE, &method_s, 0, 0, "M",
		  "auto: exact if a sample has <= 8 values and nothing is tied, else asymptotic (scipy 1.12)", methods,
		  NULL },
	};
	const struct cli_cmd cmd = {
		"mwu", "Two-sided Mann-Whitney U test of sample A against sample B.", "A B",
		"A and B are text files with one number per line; blank lines and lines starting with '#'\n"
		"are ignored. Prints U (of sample A), the p-value, z (nan for the exact method), the sizes\n"
		"and the method used. Asymptotic: normal approximation with tie-corrected variance and\n"
		"continuity correction, as scipy 1.12's mannwhitneyu; every value tied gives p=1, z=0.",
		CMD_OPTS(opts)
	};
	CMD_PARSE(&cmd, argc, argv, 2);
	int rc = INB_OK;
	if (npos != 2)
		return cmd_report(INB_EUSAGE, "mwu: expected two sample files A B (see 'inhibnorm mwu --help')");
	enum mwu_method method;
	if (mwu_method_parse(method_s, &method))
		return cmd_report(INB_EINTERNAL, "mwu: internal error: unknown method name");

	char err[INB_ERRLEN];
	double *a = NULL, *b = NULL;
	size_t n1, n2;
	struct mwu_result r;
	if ((rc = numfile_read(pos[0], &a, &n1, err)) || (rc = numfile_read(pos[1], &b, &n2, err)) ||
	    (rc = mwu_test(a, n1, b, n2, method, &r, err))) {
		rc = cmd_report(rc, err);
	} else {
		char z[32] = "nan";
		if (r.method == MWU_ASYMPTOTIC)
			snprintf(z, sizeof z, "%.10g", r.z);
		printf("U=%.17g p=%.10g z=%s n1=%zu n2=%zu method=%s\n", r.u1, r.p, z, r.n1, r.n2,
		       mwu_method_name(r.method));
		if (fflush(stdout) || ferror(stdout))
			rc = cmd_report(INB_EWRITE, "mwu: cannot write to standard output");
	}
	free(a);
	free(b);
	return rc;
}
