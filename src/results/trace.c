/* trace.c: see trace.h. */
#define _POSIX_C_SOURCE 200809L
#include "results/trace.h"
#include "core/common.h"
#include "formats/outfile.h"
#include "formats/tsvtable.h"
#include "results/registry.h"

#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define SEP " \xc2\xb7 " /* " · " */

/* What a figure's trace says besides its summaries' provenance. */
struct trace_fig {
	const char *target;   /* the make target that draws it */
	const char *summary;  /* its summary file (under data/summary/SCALE/) */
	const char *stats;    /* its statistics table, or NULL */
	const char *prov;     /* the file whose provenance lines it reports */
	const char *runs;     /* its runs' directory under data/runs/, "%s" the scale; NULL: none */
	int sweep;            /* one of registry_figures */
};

/* Looks up NAME; fills f (the strings in buf). Returns 0 when NAME is not a figure. */
static int trace_lookup(const char *name, struct trace_fig *f, char *buf, size_t cap)
{
	memset(f, 0, sizeof *f);
	if (!strcmp(name, "fig1") || !strcmp(name, "theorem1")) {
		f->target = name;
		snprintf(buf, cap, "%s.tsv", name);
		f->summary = f->prov = buf;
		return 1;
	}
	if (!strcmp(name, "dann-fig4")) {
		f->target = "dann-table3";
		f->summary = "dann-fig4.tsv";
		f->stats = f->prov = "dann-table3.tsv";
		f->runs = "dann-%s";
		return 1;
	}
	if (!strcmp(name, "dann-fig2")) {
		f->target = "dann-fig2";
		f->summary = "dann-fig2.tsv";
		f->stats = f->prov = "dann-fig2-stats.tsv";
		f->runs = "dann-fig2-%s";
		return 1;
	}
	for (const struct registry_figure *r = registry_figures; r->number; r++) {
		char stem[16];
		snprintf(stem, sizeof stem, "fig%d", r->number);
		if (strcmp(stem, name))
			continue;
		size_t half = cap / 2;
		snprintf(buf, half, "fig%d.tsv", r->number);
		snprintf(buf + half, cap - half, "fig%d-stats.tsv", r->number);
		f->target = name;
		f->summary = f->prov = buf;
		f->stats = buf + half;
		f->runs = "%s";
		f->sweep = 1;
		return 1;
	}
	return 0;
}

/* Appends to out (at *len, cap bytes); returns -1 when it does not fit. */
static int put(char *out, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap - *len)
		return -1;
	*len += (size_t)n;
	return 0;
}

/* The text after `key` on the first line of text starting with key, up to the end of the line or the first of
 * `stop`, copied into val. Returns 0 when there is no such line. */
static int prov_field(const char *text, const char *key, const char *stop, char *val, size_t cap)
{
	size_t klen = strlen(key);
	for (const char *s = text; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : NULL) {
		if (strncmp(s, key, klen))
			continue;
		s += klen;
		size_t n = strcspn(s, "\n");
		if (stop) {
			const char *e = strstr(s, stop);
			if (e && (size_t)(e - s) < n)
				n = (size_t)(e - s);
		}
		if (n >= cap)
			n = cap - 1;
		memcpy(val, s, n);
		val[n] = '\0';
		return 1;
	}
	return 0;
}

int trace_line(const char *root, const char *prefix, const char *name, const char *scale, char *out, size_t cap,
	       char *err)
{
	struct trace_fig f;
	char names[96];
	if (!trace_lookup(name, &f, names, sizeof names))
		return inb_fail(err, INB_EUSAGE, "%s: not a figure (expected fig1 .. fig7, theorem1 or dann-fig4)", name);
	char path[4096];
	snprintf(path, sizeof path, "%s/data/summary/%s/%s", root, scale, f.prov);
	char *text;
	size_t tlen;
	int rc = tsvtable_slurp(path, &text, &tlen, err);
	if (rc)
		return rc;
	char version[64], blas[256], compute[256];
	if (!prov_field(text, "# provenance: inhibnorm ", ",", version, sizeof version) ||
	    !prov_field(text, "# provenance: compute: ", NULL, compute, sizeof compute)) {
		free(text);
		return inb_fail(err, INB_EDATA, "%s: no provenance lines ('# provenance: inhibnorm VERSION, ...' and "
				"'# provenance: compute: ...'): expected a summary written by inhibnorm", path);
	}
	int has_blas = prov_field(text, "# provenance: blas of the runs ('# blas:' lines): ", NULL, blas, sizeof blas);
	free(text);
	long nruns = 0;
	const char *the = strstr(compute, ", the ");
	if (has_blas && the)
		nruns = strtol(the + 6, NULL, 10);

	size_t len = 0;
	int bad = put(out, cap, &len, "*Trace:* `make %s SCALE=%s`", f.target, scale);
	char claims[128] = "";
	size_t clen = 0;
	for (const struct registry_claim *c = registry_claims; c->id; c++)
		if (!strcmp(c->figure, name))
			bad |= put(claims, sizeof claims, &clen, "%s%s", clen ? ", " : "", c->id);
	if (f.sweep)
		bad |= put(out, cap, &len, SEP "registry [`%s`](%ssrc/results/registry.c) (claims %s)", name, prefix, claims);
	else if (clen)
		bad |= put(out, cap, &len, SEP "claims %s", claims);
	else
		bad |= put(out, cap, &len, SEP "no claim");
	bad |= put(out, cap, &len, SEP "summary [%s](%sdata/summary/%s/%s)", f.summary, prefix, scale, f.summary);
	if (f.stats)
		bad |= put(out, cap, &len, ", statistics [%s](%sdata/summary/%s/%s)", f.stats, prefix, scale, f.stats);
	if (f.runs && nruns > 0) {
		char dir[64];
		snprintf(dir, sizeof dir, f.runs, scale);
		bad |= put(out, cap, &len, SEP "%ld run files (`data/runs/%s/`)", nruns, dir);
	} else {
		bad |= put(out, cap, &len, SEP "no run files");
	}
	bad |= put(out, cap, &len, SEP "summarised by inhibnorm %s", version);
	if (has_blas && nruns > 0)
		bad |= put(out, cap, &len, SEP "runs' BLAS %s", blas);
	bad |= put(out, cap, &len, " %s", TRACE_MARK);
	if (bad)
		return inb_fail(err, INB_EINTERNAL, "trace line of %s-%s longer than %zu bytes", name, scale, cap);
	return INB_OK;
}

/* ---- text files ------------------------------------------------------------------------------------------------ */

#define LINE_MAX_TRACE 2048

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Whether the line s (n bytes) is a trace line: it ends with TRACE_MARK (trailing blanks aside). */
static int is_trace_line(const char *s, size_t n)
{
	size_t m = strlen(TRACE_MARK);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n >= m && !memcmp(s + n - m, TRACE_MARK, m);
}

/* Appends n bytes to the growing buffer *buf (*len used of *cap); returns -1 when out of memory. */
static int append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n > *cap) {
		size_t c = 2 * *cap + n;
		char *b = realloc(*buf, c);
		if (!b)
			return -1;
		*buf = b, *cap = c;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	return 0;
}

int trace_file(const char *path, const char *root, int write, FILE *out, int *nfig, char *err)
{
	*nfig = 0;
	char *text;
	size_t tlen;
	if (tsvtable_slurp(path, &text, &tlen, err))
		return -1;
	/* the lines: start offsets and lengths (without the newline) */
	size_t nlines = 0, room = 64;
	size_t *start = malloc(room * sizeof *start), *llen = malloc(room * sizeof *llen);
	for (size_t p = 0; start && llen && p < tlen;) {
		if (nlines == room) {
			room *= 2;
			size_t *s2 = realloc(start, room * sizeof *start), *l2 = s2 ? realloc(llen, room * sizeof *llen) : NULL;
			if (s2)
				start = s2;
			if (!l2) {
				free(start), free(llen), free(text);
				inb_fail(err, INB_EINTERNAL, "out of memory");
				return -1;
			}
			llen = l2;
		}
		const char *nl = memchr(text + p, '\n', tlen - p);
		size_t e = nl ? (size_t)(nl - text) : tlen;
		start[nlines] = p, llen[nlines] = e - p, nlines++;
		p = e + 1;
	}
	if (!start || !llen) {
		free(start), free(llen), free(text);
		inb_fail(err, INB_EINTERNAL, "out of memory");
		return -1;
	}
	regex_t re;
	if (regcomp(&re, "\\]\\(([^()]*)figures/([a-z0-9-]+)-([a-z]+)\\.(svg|png)\\)[ \t]*$", REG_EXTENDED)) {
		free(start), free(llen), free(text);
		inb_fail(err, INB_EINTERNAL, "cannot compile the figure pattern");
		return -1;
	}
	size_t ocap = tlen + 4096, olen = 0;
	char *obuf = write ? malloc(ocap) : NULL;
	int problems = 0, changed = 0, fenced = 0, oom = write && !obuf;
	size_t para = 0; /* first line of the current paragraph */
	for (size_t i = 0; i < nlines && !oom; i++) {
		const char *s = text + start[i];
		size_t n = llen[i];
		int is_trace = !fenced && is_trace_line(s, n);
		if (n >= 3 && !strncmp(s, "```", 3))
			fenced = !fenced;
		if (i == 0 || blank(text + start[i - 1], llen[i - 1]))
			para = i;
		if (is_trace) {
			/* a trace line is kept only right after a figure (handled there): this one is under none */
			fprintf(out, "%s:%zu: a trace line under no figure%s\n", path, i + 1, write ? ": removed" : "");
			if (write) {
				changed = 1;
				/* drop it with the blank line before it */
				if (olen && i && blank(text + start[i - 1], llen[i - 1]) && olen >= 1 && obuf[olen - 1] == '\n' &&
				    (olen == 1 || obuf[olen - 2] == '\n'))
					olen--;
			} else {
				problems++;
			}
			continue;
		}
		if (write && (append(&obuf, &olen, &ocap, s, n) || append(&obuf, &olen, &ocap, "\n", 1))) {
			oom = 1;
			break;
		}
		regmatch_t m[5];
		char line[LINE_MAX_TRACE];
		if (fenced || n >= sizeof line)
			continue;
		memcpy(line, s, n);
		line[n] = '\0';
		int ends_para = i + 1 == nlines || blank(text + start[i + 1], llen[i + 1]);
		if (!ends_para || strncmp(text + start[para], "![", 2) || regexec(&re, line, 5, m, 0))
			continue;
		char prefix[256], name[64], scale[32];
		snprintf(prefix, sizeof prefix, "%.*s", (int)(m[1].rm_eo - m[1].rm_so), line + m[1].rm_so);
		snprintf(name, sizeof name, "%.*s", (int)(m[2].rm_eo - m[2].rm_so), line + m[2].rm_so);
		snprintf(scale, sizeof scale, "%.*s", (int)(m[3].rm_eo - m[3].rm_so), line + m[3].rm_so);
		(*nfig)++;
		char want[LINE_MAX_TRACE], lerr[INB_ERRLEN];
		if (trace_line(root, prefix, name, scale, want, sizeof want, lerr)) {
			fprintf(out, "%s:%zu: figure %s-%s: %s\n", path, i + 1, name, scale, lerr);
			problems++;
			continue;
		}
		/* the trace line, one blank line below */
		int has = i + 2 < nlines && blank(text + start[i + 1], llen[i + 1]) &&
			  is_trace_line(text + start[i + 2], llen[i + 2]);
		int same = has && llen[i + 2] == strlen(want) && !memcmp(text + start[i + 2], want, llen[i + 2]);
		if (!same) {
			fprintf(out, "%s:%zu: figure %s-%s: %s trace line%s\n", path, i + 1, name, scale,
				has ? "a stale" : "no", write ? (has ? ": rewritten" : ": added") : "");
			if (!write)
				problems++;
		}
		if (write) {
			if (append(&obuf, &olen, &ocap, "\n", 1) || append(&obuf, &olen, &ocap, want, strlen(want)) ||
			    append(&obuf, &olen, &ocap, "\n", 1)) {
				oom = 1;
				break;
			}
			changed |= !same;
		}
		if (has)
			i += 2; /* the blank line and the trace line, read */
	}
	regfree(&re);
	/* the text's last line had no newline: neither has the output */
	if (write && !oom && tlen && text[tlen - 1] != '\n' && olen && obuf[olen - 1] == '\n')
		olen--;
	int rc = 0;
	if (oom) {
		inb_fail(err, INB_EINTERNAL, "out of memory");
		rc = -1;
	} else if (write && changed && outfile_write_all(path, obuf, olen, err)) {
		rc = -1;
	}
	free(obuf), free(start), free(llen), free(text);
	return rc ? rc : problems;
}
