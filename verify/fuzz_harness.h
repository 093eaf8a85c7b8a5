/* fuzz_harness.h: one entry point per parser that reads outside input (IDX and IDX.gz files, number files, run
 * files, command-line options, result tables, the text's tagged numbers). Each takes arbitrary bytes, feeds them to the parser the way the program does, and
 * aborts if the parser breaks its contract (a status other than the documented ones, a message that is empty or
 * longer than one line, a result that contradicts the input). verify/fuzz/main.c wraps one of them for libFuzzer
 * (`make fuzz`); verify/test_fuzz_harness.c replays the committed corpus and every past finding through all of
 * them (`make verify`, `make sanitize`). */
#ifndef INHIBNORM_FUZZ_HARNESS_H
#define INHIBNORM_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_target {
	const char *name;                              /* idx, numfile, runfile, cli, tsvtable, numcheck, trace: the corpus name */
	void (*run)(const uint8_t *data, size_t size); /* returns, or aborts on a broken contract */
};

extern const struct fuzz_target fuzz_targets[];
extern const int fuzz_ntargets;

#endif
