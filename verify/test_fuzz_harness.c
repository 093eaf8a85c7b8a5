/* test_fuzz_harness.c: replays the committed fuzzing corpus (verify/fuzz/corpus/NAME/) and every past finding
 * (verify/fuzz/regress/NAME/) through the harnesses of fuzz_harness.c, so that `make verify` and `make sanitize`
 * hold each parser to its contract on those inputs without clang. A harness aborts on a broken contract, which
 * Criterion reports as a crash. */
#define _DEFAULT_SOURCE
#include "fuzz_harness.h"
#include "testutil.h"
#include "core/common.h"
#include "formats/runfile.h"
#include "inorm/train_runfile.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs every regular file of dir through target t; returns how many ran (0 if dir does not exist). */
static int replay(const struct fuzz_target *t, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "README"))
			continue;
		char p[1024];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		size_t len;
		const char *buf = tu_read_file(p, &len);
		t->run((const uint8_t *)buf, len);
		n++;
	}
	closedir(d);
	return n;
}

Test(fuzz_harness, corpus_and_findings_replay)
{
	for (int i = 0; i < fuzz_ntargets; i++) {
		char dir[256];
		snprintf(dir, sizeof dir, "verify/fuzz/corpus/%s", fuzz_targets[i].name);
		int n = replay(&fuzz_targets[i], dir);
		cr_assert(n >= 3, "%s: %d seed inputs, expected at least 3", dir, n);
		snprintf(dir, sizeof dir, "verify/fuzz/regress/%s", fuzz_targets[i].name);
		replay(&fuzz_targets[i], dir);
	}
}

Test(fuzz_harness, seed_run_files_from_train_are_accepted)
{
	/* the corpus's run files written by `inhibnorm train` (one diverged) must pass the strict reader */
	const char *ok[] = { "verify/fuzz/corpus/runfile/inorm-2-epochs.tsv", "verify/fuzz/corpus/runfile/ei-diverged.tsv" };
	for (int i = 0; i < 2; i++) {
		struct runfile rf;
		char err[INB_ERRLEN] = "";
		cr_assert_eq(runfile_read(ok[i], &train_run_schema, &rf, err), INB_OK, "%s", err);
		cr_assert(rf.rows == (i ? 2 : 2) && rf.diverged_epoch == (i ? 2 : 0));
		runfile_free(&rf);
	}
}
