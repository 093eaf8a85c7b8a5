/* effects.c: see effects.h. */
#include "results/effects.h"
#include "core/common.h"

#include <stdlib.h>

int effects_compute(const double *a, const struct runkey *ka, size_t n1, const double *b, const struct runkey *kb,
		    size_t n2, struct effects *e, char *err)
{
	int rc;
	e->paired = 0;
	if ((rc = mwu_test(a, n1, b, n2, MWU_AUTO, &e->mwu, err)) ||
	    (rc = hl_shift_ci(a, n1, b, n2, EFFECTS_LEVEL, MWU_AUTO, &e->hl, err)))
		return rc;
	if (n1 != n2 || !ka || !kb)
		return INB_OK;
	/* (4.5.23): matched when each key of a occurs once in b (and, n1 = n2, so each of b once in a) */
	double *d = malloc(n1 * sizeof *d);
	if (!d)
		return inb_fail(err, INB_EINTERNAL, "out of memory");
	for (size_t i = 0; i < n1; i++) {
		size_t hits = 0, at = 0, own = 0;
		for (size_t j = 0; j < n1; j++)
			own += ka[i].eps == ka[j].eps && ka[i].config == ka[j].config;
		for (size_t j = 0; j < n2; j++)
			if (ka[i].eps == kb[j].eps && ka[i].config == kb[j].config)
				hits++, at = j;
		if (hits != 1 || own != 1) {
			free(d);
			return INB_OK;
		}
		d[i] = a[i] - b[at];
	}
	rc = signrank_test(d, n1, MWU_AUTO, EFFECTS_LEVEL, &e->sr, err);
	free(d);
	if (!rc)
		e->paired = 1;
	return rc;
}
