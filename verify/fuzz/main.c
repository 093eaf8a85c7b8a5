/* main.c: the libFuzzer entry point of one harness of verify/fuzz_harness.c, chosen at compile time with
 * -DFUZZ_TARGET=N (its index in fuzz_targets). `make fuzz` builds one binary per harness with clang. */
#include "../fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_targets[FUZZ_TARGET].run(data, size);
	return 0;
}
