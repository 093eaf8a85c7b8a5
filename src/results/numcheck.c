/* numcheck.c: see numcheck.h. */
#define _POSIX_C_SOURCE 200809L
#include "results/numcheck.h"
#include "core/common.h"
#include "formats/tsvtable.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MINUS "\xe2\x88\x92" /* U+2212, the minus sign the text uses */

int numcheck_matches(const char *text, double value)
{
	const char *s = text;
	int neg = 0;
	if (!strncmp(s, MINUS, 3))
		neg = 1, s += 3;
	else if (*s == '-')
		neg = 1, s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	char buf[64];
	size_t n = 0;
	int decimals = 0, point = 0;
	long expo = 0;
	for (; *s && n < sizeof buf - 1; s++) {
		if (isdigit((unsigned char)*s)) {
			decimals += point;
		} else if (*s == '.' && !point) {
			point = 1;
		} else if ((*s == 'e' || *s == 'E') && n) {
			char *end;
			errno = 0;
			expo = strtol(s + 1, &end, 10);
			if (end == s + 1 || *end || errno)
				return 0;
			break;
		} else {
			return 0;
		}
		buf[n++] = *s;
	}
	if (*s && !(*s == 'e' || *s == 'E'))
		return 0;
	buf[n] = '\0';
	double shown = strtod(buf, NULL) * pow(10, (double)expo);
	if (neg)
		shown = -shown;
	double tol = 0.5 * pow(10, (double)(expo - decimals)) * (1 + 1e-9);
	return fabs(value - shown) <= tol;
}

/* ---- tables, read once ------------------------------------------------------------------------------------- */

struct cache {
	char *key[64];
	struct tsvtable t[64];
	int rc[64];
	char err[64][INB_ERRLEN];
	int n;
};

static struct tsvtable *cache_get(struct cache *c, const char *path, const char **err)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->key[i], path)) {
			*err = c->rc[i] ? c->err[i] : NULL;
			return c->rc[i] ? NULL : &c->t[i];
		}
	if (c->n == 64) {
		*err = "too many tables";
		return NULL;
	}
	int i = c->n++;
	c->key[i] = strdup(path);
	c->rc[i] = tsvtable_read(path, &c->t[i], c->err[i]);
	*err = c->rc[i] ? c->err[i] : NULL;
	return c->rc[i] ? NULL : &c->t[i];
}

static void cache_free(struct cache *c)
{
	for (int i = 0; i < c->n; i++) {
		if (!c->rc[i])
			tsvtable_free(&c->t[i]);
		free(c->key[i]);
	}
	c->n = 0;
}

/* Resolves key; on success stores the value and returns NULL, otherwise a message in msg. */
static const char *resolve(struct cache *c, const char *root, const char *key, double *value, char *msg,
			   size_t len)
{
	char k[1024];
	if (strlen(key) >= sizeof k)
		return "key too long";
	strcpy(k, key);
	char *c1 = strchr(k, ':'), *c2 = c1 ? strrchr(k, ':') : NULL;
	if (!c1 || c2 == c1) {
		snprintf(msg, len, "key '%.200s': expected TABLE:ROW:COLUMN", key);
		return msg;
	}
	*c1 = *c2 = '\0';
	const char *table = k, *row = c1 + 1, *column = c2 + 1;
	char path[4096];
	if (!strncmp(table, "data/", 5) || !strncmp(table, "paper/", 6))
		snprintf(path, sizeof path, "%s/%s", root, table);
	else
		snprintf(path, sizeof path, "%s/data/summary/%s", root, table);
	const char *err;
	struct tsvtable *t = cache_get(c, path, &err);
	if (!t) {
		/* "paper/X" names paper/X, not the paper scale's summaries: say so when only the latter exists */
		char alt[4096];
		snprintf(alt, sizeof alt, "%s/data/summary/%s", root, table);
		const int hint = !strncmp(table, "paper/", 6) && access(alt, R_OK) == 0;
		snprintf(msg, len, "key '%.200s': %.600s%s%.200s%s", key, err,
			 hint ? " (a summary of the paper scale is data/summary/" : "", hint ? table : "", hint ? ")" : "");
		return msg;
	}
	int col = tsvtable_column(t, column);
	if (col < 0) {
		snprintf(msg, len, "key '%.200s': %.200s has no column '%.100s'", key, table, column);
		return msg;
	}
	/* the row selector's items */
	char items[1024];
	strcpy(items, row);
	char *item[32];
	int nitem = 0;
	for (char *save, *tok = strtok_r(items, ",", &save); tok && nitem < 32; tok = strtok_r(NULL, ",", &save))
		item[nitem++] = tok;
	long found = -1;
	int matches = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		int ok = 1, pos = 0;
		for (int i = 0; i < nitem && ok; i++) {
			char *eq = strchr(item[i], '=');
			if (eq) {
				*eq = '\0';
				int ci = tsvtable_column(t, item[i]);
				ok = ci >= 0 && tsvtable_same_field(tsvtable_get(t, r, ci), eq + 1);
				*eq = '=';
			} else {
				ok = tsvtable_same_field(tsvtable_get(t, r, pos++), item[i]);
			}
		}
		if (ok) {
			matches++;
			found = (long)r;
		}
	}
	if (matches != 1) {
		snprintf(msg, len, "key '%.200s': %d rows of %.200s match '%.200s', expected exactly one", key, matches,
			 table, row);
		return msg;
	}
	const char *v = tsvtable_get(t, (size_t)found, col);
	char *end;
	*value = strtod(v, &end);
	if (!*v || *end) {
		snprintf(msg, len, "key '%.200s': the table holds '%.100s', not a number", key, v);
		return msg;
	}
	return NULL;
}

static long line_of(const char *text, const char *at)
{
	long n = 1;
	for (const char *p = text; p < at; p++)
		n += *p == '\n';
	return n;
}

/* The tag that follows a number of the text, and what closes it. */
static const char open_tag[] = "<!-- k=\"", close_tag[] = "\" -->";

/* Whether the bytes before p end in a character of a written number (digits, point, exponent, signs, U+2212), and
 * how many bytes it takes. */
static size_t number_char_before(const char *text, const char *p)
{
	if (p - text >= 3 && (unsigned char)p[-3] == 0xe2 && (unsigned char)p[-2] == 0x88 && (unsigned char)p[-1] == 0x92)
		return 3; /* U+2212, the minus sign the text writes */
	if (p > text && (isdigit((unsigned char)p[-1]) || strchr(".eE+-", p[-1])))
		return 1;
	return 0;
}

/* The start of the number written right before p (no space between): the longest run of number characters, from
 * its first digit, point or sign; p itself when there is none. */
static const char *number_before(const char *text, const char *p)
{
	const char *start = p;
	for (size_t k; (k = number_char_before(text, start)) > 0;)
		start -= k;
	while (start < p && (*start == 'e' || *start == 'E' || *start == '+'))
		start++; /* a word's last letter, not an exponent */
	return start;
}

int numcheck_file(const char *path, const char *root, FILE *out, int *nchecked)
{
	char *text, rerr[INB_ERRLEN];
	size_t tlen;
	*nchecked = 0;
	if (tsvtable_slurp(path, &text, &tlen, rerr) != INB_OK)
		return -1;
	struct cache c = { .n = 0 };
	int bad = 0;
	for (char *p = strstr(text, open_tag); p; p = strstr(p + 1, open_tag)) {
		/* an example in a code span is not a number of the text: an odd count of backquotes before it on its line */
		int ticks = 0;
		for (char *q = p; q > text && q[-1] != '\n'; q--)
			ticks += q[-1] == '`';
		if (ticks % 2)
			continue;
		long line = line_of(text, p);
		const char *start = number_before(text, p), *k0 = p + sizeof open_tag - 1;
		char *kend = strstr(k0, close_tag), *nl = strchr(k0, '\n');
		(*nchecked)++;
		if (start == p || !kend || (nl && nl < kend)) {
			fprintf(out, "%s:%ld: a key comment without its number right before it or its closing '%s' on the "
				     "same line, expected NUMBER%sTABLE:ROW:COLUMN%s\n", path, line, close_tag, open_tag,
				close_tag);
			bad++;
			continue;
		}
		char shown[64], key[1024], msg[1200];
		size_t sl = (size_t)(p - start), kl = (size_t)(kend - k0);
		if (sl >= sizeof shown || kl >= sizeof key) {
			fprintf(out, "%s:%ld: a tagged number or its key too long\n", path, line);
			bad++;
			continue;
		}
		memcpy(shown, start, sl);
		shown[sl] = '\0';
		memcpy(key, k0, kl);
		key[kl] = '\0';
		double value;
		const char *e = resolve(&c, root, key, &value, msg, sizeof msg);
		if (e) {
			fprintf(out, "%s:%ld: %s: %s\n", path, line, shown, e);
			bad++;
		} else if (!numcheck_matches(shown, value)) {
			fprintf(out, "%s:%ld: %s differs from %s, which holds %.10g\n", path, line, shown, key, value);
			bad++;
		}
	}
	cache_free(&c);
	free(text);
	return bad;
}

/* ---- untagged numbers ---------------------------------------------------------------------------------------- */

static const char *const patterns[][2] = {
	{ "(^|[^A-Za-z])p ?(=|<|≤) ?(" MINUS ")?[0-9]", "a p-value" },
	{ "[0-9] ?± ?[0-9]", "a value ± spread" },
	{ "[0-9] ?%", "a percentage" },
	{ "[0-9] ?(s|ms|min|h|core-h)([^A-Za-z0-9]|$)", "a time (also s/epoch)" },
};
#define NPAT (sizeof patterns / sizeof patterns[0])

/* Blanks out (in place) the parts of a line the lint does not read: tagged numbers, code spans, HTML comments,
 * link targets. *in_comment carries an HTML comment across lines. */
static void blank_line(char *s, int *in_comment)
{
	for (char *p = strstr(s, open_tag); p; p = strstr(p + 1, open_tag)) {
		char *start = (char *)number_before(s, p);
		memset(start, ' ', (size_t)(p - start));
	}
	for (char *p = s; *p;) {
		if (*in_comment) {
			char *e = strstr(p, "-->");
			char *stop = e ? e + 3 : p + strlen(p);
			memset(p, ' ', (size_t)(stop - p));
			p = stop;
			*in_comment = !e;
			continue;
		}
		if (!strncmp(p, "<!--", 4)) {
			*in_comment = 1;
			continue;
		}
		if (*p == '`') {
			char *e = strchr(p + 1, '`');
			char *stop = e ? e + 1 : p + strlen(p);
			memset(p, ' ', (size_t)(stop - p));
			p = stop;
			continue;
		}
		if (*p == ']' && p[1] == '(') {
			char *e = strchr(p, ')');
			char *stop = e ? e + 1 : p + strlen(p);
			memset(p, ' ', (size_t)(stop - p));
			p = stop;
			continue;
		}
		p++;
	}
}

int numcheck_lint(const char *path, FILE *out)
{
	char *text, rerr[INB_ERRLEN];
	size_t tlen;
	if (tsvtable_slurp(path, &text, &tlen, rerr) != INB_OK)
		return -1;
	/* a generated file (the claims report) is checked by regenerating it, not by its wording */
	char head[512];
	snprintf(head, sizeof head, "%s", text);
	if (strstr(head, "<!-- generated by")) {
		free(text);
		return 0;
	}
	regex_t re[NPAT];
	for (size_t i = 0; i < NPAT; i++)
		if (regcomp(&re[i], patterns[i][0], REG_EXTENDED)) {
			for (size_t j = 0; j < i; j++)
				regfree(&re[j]);
			free(text);
			return -1;
		}
	int bad = 0, fence = 0, reference = 0, in_comment = 0;
	long line = 0;
	for (char *l = text, *next; l; l = next) {
		char *nl = strchr(l, '\n');
		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		line++;
		if (!strncmp(l, "```", 3)) {
			fence = !fence;
			continue;
		}
		if (strstr(l, "<!-- reference measurement"))
			reference = 1;
		if (strstr(l, "<!-- end reference measurement -->")) {
			reference = 0;
			continue;
		}
		if (fence || reference || strstr(l, "<!-- not a result -->"))
			continue;
		blank_line(l, &in_comment);
		for (size_t i = 0; i < NPAT; i++) {
			regmatch_t m;
			for (const char *q = l; !regexec(&re[i], q, 1, &m, q == l ? 0 : REG_NOTBOL); q += m.rm_eo) {
				const char *a = q + m.rm_so - 12 < l ? l : q + m.rm_so - 12;
				fprintf(out, "%s:%ld: untagged %s: '%.*s'\n", path, line, patterns[i][1],
					(int)(q + m.rm_eo - a + 8), a);
				bad++;
				if (m.rm_eo == 0)
					break;
			}
		}
	}
	for (size_t i = 0; i < NPAT; i++)
		regfree(&re[i]);
	free(text);
	return bad;
}
