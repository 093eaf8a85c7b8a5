/* common.c: error-message helper and version string (see common.h). */
#include "core/common.h"

#include <stdarg.h>
#include <stdio.h>

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
