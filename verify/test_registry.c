/* test_registry.c: the figures' registry (src/results/registry.c) is consistent: every panel's models are among its
 * figure's models, every comparison has a known claim id, figure numbers, panel ids and gnuplot names are unique,
 * every claim is shown by a panel, each figure has its gnuplot script and the script reads every panel's blocks;
 * the check catches each kind of fault planted in a copy of the table; and the Makefile fragment and listing say
 * what the table says. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "core/common.h"
#include "results/registry.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(registry, consistent)
{
	char err[INB_ERRLEN] = "";
	cr_assert_eq(registry_check(err), INB_OK, "%s", err);
	int nfig = 0;
	for (const struct registry_figure *f = registry_figures; f->number; f++, nfig++) {
		for (const struct registry_figure *g = registry_figures; g < f; g++)
			cr_assert_neq(g->number, f->number, "figure %d twice", f->number);
		for (const struct registry_panel *p = f->panels; p->id; p++) {
			for (int m = 0; p->models[m]; m++)
				cr_assert_geq(registry_index(f->models, p->models[m]), 0, "figure %d panel %s: %s not trained",
					      f->number, p->id, p->models[m]);
			if (p->baseline)
				cr_assert_geq(registry_index(f->models, p->baseline), 0);
			for (const struct registry_test *t = p->tests; t->model1; t++) {
				cr_assert(t->claim && registry_claim_find(t->claim), "panel %s: %s vs %s has no claim id", p->id,
					  t->model1, t->model2);
				cr_assert_geq(registry_index(f->models, t->model1), 0);
				cr_assert_geq(registry_index(f->models, t->model2), 0);
			}
			for (const struct registry_figure *g = registry_figures; g <= f; g++)
				for (const struct registry_panel *q = g->panels; q->id && q != p; q++)
					cr_assert(strcmp(q->id, p->id), "panel %s twice", p->id);
		}
	}
	cr_assert_eq(nfig, 6, "Figures 2-7: %d figures", nfig);
	/* every claim is shown by some panel, and has a test unless only histograms show it */
	for (const struct registry_claim *c = registry_claims; c->id; c++) {
		cr_assert(c->figure && c->section, "claim %s: no figure or section", c->id);
		if (strncmp(c->figure, "fig", 3))
			continue; /* Theorem 1 and the DANN table: their own figures */
		int panels = 0;
		for (const struct registry_figure *f = registry_figures; f->number; f++)
			for (const struct registry_panel *p = f->panels; p->id; p++)
				panels += !strcmp(p->claim, c->id);
		cr_assert_gt(panels, 0, "claim %s is shown by no panel", c->id);
	}
}

/* The script of each figure exists and plots every block its panels write (BLOCK_<ID>...), so that no script
 * counts blocks itself (run from the repository root, as make verify does). */
Test(registry, every_figure_has_its_script)
{
	for (const struct registry_figure *f = registry_figures; f->number; f++) {
		char path[64], *text = NULL;
		snprintf(path, sizeof path, "figures/fig%d.gp", f->number);
		FILE *fp = fopen(path, "r");
		cr_assert_not_null(fp, "%s: no script for figure %d", path, f->number);
		size_t cap = 0;
		ssize_t n = getdelim(&text, &cap, '\0', fp);
		fclose(fp);
		cr_assert_gt(n, 0);
		cr_assert_null(strstr(text, "index (i-1)"), "%s counts blocks itself", path);
		cr_assert_null(strstr(text, "index NE"), "%s counts blocks itself", path);
		for (const struct registry_panel *p = f->panels; p->id; p++) {
			char name[32];
			snprintf(name, sizeof name, "BLOCK_%s", p->id);
			for (char *c = name; *c; c++)
				*c = (char)toupper((unsigned char)*c);
			cr_assert_not_null(strstr(text, name), "%s never plots %s", path, name);
		}
		free(text);
	}
}

/* A copy of figure 7 to plant faults in. */
static struct registry_figure figs[2];

static void expect_fault(const char *needle)
{
	char err[INB_ERRLEN] = "";
	cr_assert_eq(registry_check_table(figs, err), INB_EINTERNAL, "no fault found, expected '%s'", needle);
	cr_assert(strstr(err, needle), "'%s' does not name '%s'", err, needle);
	figs[0] = *registry_figure_find(7);
}

Test(registry, check_finds_each_fault)
{
	char err[INB_ERRLEN] = "";
	figs[0] = *registry_figure_find(7);
	memset(&figs[1], 0, sizeof figs[1]);
	cr_assert_eq(registry_check_table(figs, err), INB_OK, "%s", err);
	struct registry_panel *p = &figs[0].panels[0];
	p->models[1] = "inorm-sub"; /* a panel's model the figure does not train */
	expect_fault("model inorm-sub is not among the figure's models");
	p->tests[0].claim = "C9";
	expect_fault("has no known claim id");
	p->tests[0].claim = NULL;
	expect_fault("has no known claim id");
	p->tests[1].model2 = "inorm-full"; /* against the baseline, not another box */
	expect_fault("expected a model of the panel against e-ln");
	p->tests[1].model1 = "inorm-lateral"; /* one p-value label per box */
	expect_fault("test inorm-lateral vs e-ln twice");
	p->baseline = "ei";
	expect_fault("baseline ei is not among the figure's models");
	p->baseline = NULL;
	expect_fault("needs a baseline");
	p->labels[2] = NULL;
	expect_fault("has no label");
	p->pvar = NULL;
	expect_fault("a p-value variable where none is written, or none where one is");
	p->claim = "C0";
	expect_fault("unknown claim");
	p->id = "6b";
	expect_fault("panel 6b of another figure");
	figs[0].models[1] = "no-such-model";
	expect_fault("unknown model no-such-model");
	figs[0].models[2] = "e-ln";
	expect_fault("model e-ln twice");
	/* histograms: range, bins, variables; a second figure with the same number or panel */
	figs[0] = *registry_figure_find(6);
	p = &figs[0].panels[1];
	p->hi = p->lo;
	cr_assert_eq(registry_check_table(figs, err), INB_EINTERNAL);
	cr_assert(strstr(err, "empty range"), "%s", err);
	figs[0] = *registry_figure_find(6);
	p->bins[0] = 0;
	cr_assert_eq(registry_check_table(figs, err), INB_EINTERNAL);
	cr_assert(strstr(err, "0 bins"), "%s", err);
	figs[0] = *registry_figure_find(6);
	p->hvars[1] = "HCENTER";
	cr_assert_eq(registry_check_table(figs, err), INB_EINTERNAL);
	cr_assert(strstr(err, "gnuplot name HCENTER written twice"), "%s", err);
	figs[0] = *registry_figure_find(6);
	p->tests[0] = (struct registry_test){ "inorm-center", "inorm-scale", "C6", NULL, NULL };
	cr_assert_eq(registry_check_table(figs, err), INB_EINTERNAL);
	cr_assert(strstr(err, "expected two different alignment columns"), "%s", err);
	figs[0] = *registry_figure_find(6);
	p->tests[0] = (struct registry_test){ "inorm-center", "inorm-scale", "C6", "out_align", "grad_align" };
	cr_assert_eq(registry_check_table(figs, err), INB_EINTERNAL);
	cr_assert(strstr(err, "the panel's column"), "%s", err);
	struct registry_figure two[3] = { *registry_figure_find(6), *registry_figure_find(6) };
	memset(&two[2], 0, sizeof two[2]);
	cr_assert_eq(registry_check_table(two, err), INB_EINTERNAL);
	cr_assert(strstr(err, "figure 6: listed twice"), "%s", err);
}

Test(registry, make_fragment_and_listing)
{
	char *dir = tu_mkdtemp(), path[512], args[1024], out[16384];
	snprintf(path, sizeof path, "%s/registry.mk", dir);
	snprintf(args, sizeof args, "registry --make --out %s", path);
	cr_assert_eq(tu_run(args, out, sizeof out), 0, "%s", out);
	const char *mk = tu_read_file(path, NULL);
	cr_assert(strstr(mk, "\nREGISTRY_FIGS := 2 3 4 5 6 7\n"), "%s", mk);
	cr_assert(strstr(mk, "\nMODELS_fig2 := ei ei-ln e-ln\n"), "%s", mk);
	cr_assert(strstr(mk, "\nMODELS_fig6 := e-ln inorm-scale inorm-decorrelate inorm-center inorm-full\n"), "%s", mk);
	cr_assert_eq(tu_run("registry", out, sizeof out), 0, "%s", out);
	cr_assert(strstr(out, "figure 2: LN helps EI networks (paper §2.1)"), "%s", out);
	cr_assert(strstr(out, "  panel 3b, moment boxes of the top-k runs, eps pooled, claim C3\n"), "%s", out);
	cr_assert(strstr(out, "    test inorm-lateral vs e-ln (two-sided Mann-Whitney U, per eps), claim C7\n"), "%s", out);
	tu_expect_fail("registry --figure 2", 2, "--figure", NULL);
	snprintf(args, sizeof args, "registry --make --out %s/no/such/dir/registry.mk", dir);
	tu_expect_fail(args, 4, "registry.mk", NULL);
}
