/* numcheck.h: checks the experimental numbers written in the text (the files of paper/, README.md) against the committed
 * result tables they come from (paper/4.5-statistics.md, (4.5.15)).
 *
 * A number in the text is written as a pandoc span that names its source:
 *     [0.0047]{k="quick/fig2-stats.tsv:2a,0,ei,ei-ln:p"}
 * pandoc renders it as the bare number. The key is TABLE:ROW:COLUMN. TABLE is a path relative to the repository
 * root when it starts with "data/" or "paper/", otherwise relative to data/summary/. ROW selects one row by
 * comma-separated items: an item "name=value" requires column name to equal value, a plain item requires the
 * next leading column (first, second, ...) to equal it; numbers compare as numbers ("0.75" = "0.750"). COLUMN is
 * a column name. The row must be unique. The shown number must equal the table's value rounded to the precision
 * shown (its last decimal place; in scientific notation, the last digit of the mantissa); a value that is a
 * fraction shown as a percentage is not supported: tables hold what the text shows.
 *
 * Numbers that are not this package's results (a hyper-parameter, a constant of an equation) are written plainly.
 * What counts as an untagged experimental number is decided by numcheck_lint's patterns. */
#ifndef INHIBNORM_NUMCHECK_H
#define INHIBNORM_NUMCHECK_H

#include <stdio.h>

/* Checks every tagged number of the text file path; tables are read relative to root. Prints one line per problem
 * to out ("FILE:LINE: ..."). Sets *nchecked to the number of tagged numbers. Returns the number of problems, or
 * -1 when path cannot be read. */
int numcheck_file(const char *path, const char *root, FILE *out, int *nchecked);

/* Whether text (one number as written: digits, an optional point and decimals, an optional exponent) equals value
 * at the precision shown. */
int numcheck_matches(const char *text, double value);

/* Prints one line per untagged experimental-looking number of path (outside spans, code and HTML comments, and
 * outside blocks between "<!-- reference measurement" and "<!-- end reference measurement -->", and outside lines
 * marked "<!-- not a result -->", which state constants of a method, not results): a p-value
 * (p = x, p < x), a value ± spread, a percentage, a time in s, min or h, a ratio ×. Returns their number, -1 when
 * path cannot be read. */
int numcheck_lint(const char *path, FILE *out);

#endif
