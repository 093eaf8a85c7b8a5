/* common.c: error-message helper and version string (see common.h). */
#define _POSIX_C_SOURCE 200809L
#include "core/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#ifndef INHIBNORM_VERSION
#define INHIBNORM_VERSION "unknown"
#endif
const char inb_version[] = INHIBNORM_VERSION;

int inb_fail(char *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, INB_ERRLEN, fmt, ap);
		va_end(ap);
	}
	return code;
}

double inb_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
