/* measure.h: prints what a check measured, one line on stderr starting with "[meas]", so that the output of
 * `make verify` shows the numbers the tolerances judge (finite-difference errors, fitted slopes) and a reader can
 * quote them. The line is formatted first and written with one call, so lines of parallel tests do not mix. */
#ifndef INHIBNORM_MEASURE_H
#define INHIBNORM_MEASURE_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

__attribute__((format(printf, 1, 2))) static inline void measure(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(line + 7, sizeof line - 8, fmt, ap);
	va_end(ap);
	memcpy(line, "[meas] ", 7);
	len = len < 0 ? 0 : len > (int)sizeof line - 9 ? (int)sizeof line - 9 : len;
	line[7 + len] = '\n';
	line[8 + len] = 0;
	fputs(line, stderr);
}

#endif
