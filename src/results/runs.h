/* runs.h: the kinds of run file this package writes, one schema per trainer (inorm/train_runfile.h,
 * dann/dann_runfile.h), for the readers that take a run file of either paper: provenance, runcompare, runinfo. */
#ifndef INHIBNORM_RUNS_H
#define INHIBNORM_RUNS_H

#include "formats/runfile.h"

/* Reads path strictly as a run file of the kind its first line names (runfile_read_any over both papers'
 * schemas). Returns INB_OK, INB_EDATA (err names the file and line) or INB_EINTERNAL. */
int runs_read(const char *path, struct runfile *rf, char *err);

#endif
