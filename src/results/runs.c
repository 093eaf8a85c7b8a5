/* runs.c: both papers' run-file schemas, read through one reader (see runs.h). */
#include "results/runs.h"
#include "dann/dann_runfile.h"
#include "inorm/train_runfile.h"

static const struct runfile_schema *const schemas[] = { &train_run_schema, &dn_run_schema, &dn_run_stats_schema, &dn_cos_schema };

int runs_read(const char *path, struct runfile *rf, char *err)
{
	return runfile_read_any(path, schemas, (int)(sizeof schemas / sizeof schemas[0]), rf, err);
}
