/* registry.c: the figures of the paper's results (§2.1-2.5) as one table (see registry.h), its consistency check,
 * the Makefile fragment derived from it and a readable listing. To add a model to a figure, add it to the figure's
 * models and to a panel; to add a comparison to a claim, add a test to the panel. Nothing else needs to change. */
#include "results/registry.h"
#include "core/common.h"
#include "inorm/net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The claims, as the paper states them (paper/2.1-2.5, the "Claim." of each section). */
const struct registry_claim registry_claims[] = {
	{ "C1", "LN improves EI networks' test accuracy under luminance shifts, more so at larger eps (§2.1)", "Fig. 2a",
	  "fig2", "2.1-ei-networks-and-layernorm.md" },
	{ "C2", "an E-only network with LN does as well as an EI network with LN (§2.1)", "Fig. 2b", "fig2",
	  "2.1-ei-networks-and-layernorm.md" },
	{ "C3", "I-Norm's subtractive and divisive inhibition normalise the moments of excitatory activity; "
	  "subtractive-only I-Norm less so (§2.2)", "Fig. 3b", "fig3", "2.2-inorm.md" },
	{ "C4", "I-Norm does not gain what LN+ gives; its outputs align with LN's, its gradients do not (§2.2)",
	  "Fig. 4a, 4b", "fig4", "2.2-inorm.md" },
	{ "C5", "I-Norm with GradNorm (LN's backward pass) recovers LN+'s benefit, its gradients aligned (§2.3)",
	  "Fig. 5b, 5c", "fig5", "2.3-ln-backward.md" },
	{ "C6", "of the parts of Eq. 2, centring alone matches LN+, scaling or decorrelation alone do not (§2.4)",
	  "Fig. 6a, 6b", "fig6", "2.4-gradnorm-parts.md" },
	{ "C7", "centring the errors by lateral inhibition matches LN+ (§2.5)", "Fig. 7b", "fig7",
	  "2.5-lateral-inhibition.md" },
	{ "C8", "Theorem 1: pooling errors through normalised random weights converges to their mean (§2.5)",
	  "Theorem 1 figure", "theorem1", "5.2-theorem1.md" },
	{ "D1", "DANN paper, Table 3: the MLP's test error", "DANN Table 3", "dann-fig4", "dann-5-experiments.md" },
	{ "D2", "DANN paper, Table 3: the MLP with LayerNorm's test error", "DANN Table 3", "dann-fig4",
	  "dann-5-experiments.md" },
	{ "D3", "DANN paper, Table 3: the MLP with BatchNorm's test error", "DANN Table 3", "dann-fig4",
	  "dann-5-experiments.md" },
	{ "D4", "DANN paper, Table 3: the DANN learns as well as the MLPs", "DANN Table 3", "dann-fig4",
	  "dann-5-experiments.md" },
	{ "D5", "DANN paper, Table 3: ColumnEi learns worse", "DANN Table 3", "dann-fig4", "dann-5-experiments.md" },
	{ "D6", "DANN paper, Figure 2: the heuristically corrected gradient is more aligned with the Fisher-corrected "
	  "one than the uncorrected gradient is, in every layer", "DANN Figure 2 (Fashion-MNIST)", "dann-fig2",
	  "dann-6-figure2.md" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct registry_figure registry_figures[] = {
	{ 2, "LN helps EI networks", "§2.1", { "ei", "ei-ln", "e-ln" }, {
		{ .id = "2a", .kind = REGISTRY_SCATTER, .claim = "C1", .baseline = "ei-ln",
		  .models = { "ei" }, .labels = { "EI" },
		  .tests = { { "ei", "ei-ln", "C1" } }, .pvar = "P2A" },
		{ .id = "2b", .kind = REGISTRY_TOP_BOXES, .claim = "C2",
		  .models = { "ei-ln", "e-ln" }, .labels = { "EI LN+", "E-only LN+" },
		  .tests = { { "ei-ln", "e-ln", "C2" } }, .pvar = "P2B" } } },
	{ 3, "moments of the excitatory pre-activations under I-Norm", "§2.2", { "ei", "inorm-sub", "inorm" }, {
		{ .id = "3b", .kind = REGISTRY_MOMENT_BOXES, .claim = "C3",
		  .models = { "ei", "inorm-sub", "inorm" }, .labels = { "No-Norm", "I-Norm (sub)", "I-Norm" },
		  .tests = { { "inorm", "ei", "C3" }, { "inorm-sub", "ei", "C3" }, { "inorm-sub", "inorm", "C3" } } } } },
	{ 4, "I-Norm against LN+", "§2.2", { "e-ln", "inorm" }, {
		{ .id = "4a", .kind = REGISTRY_SCATTER, .claim = "C4", .baseline = "e-ln",
		  .models = { "inorm" }, .labels = { "I-Norm" },
		  .tests = { { "inorm", "e-ln", "C4" } }, .pvar = "PSC" },
		{ .id = "4b", .kind = REGISTRY_ALIGN_HIST, .claim = "C4",
		  .models = { "inorm" }, .labels = { "I-Norm" },
		  .tests = { { "inorm", "inorm", "C4", "out_align", "grad_align" } },
		  .lo = 0, .hi = 1, .bins = { 10, 10 }, .hvars = { "HOUT", "HGRAD" } } } },
	{ 5, "I-Norm with GradNorm against LN+", "§2.3", { "e-ln", "inorm-full", "inorm" }, {
		{ .id = "5c", .kind = REGISTRY_SCATTER, .claim = "C5", .baseline = "e-ln",
		  .models = { "inorm-full" }, .labels = { "I-Norm + GradNorm" },
		  .tests = { { "inorm-full", "e-ln", "C5" } }, .pvar = "PSC" },
		{ .id = "5b", .kind = REGISTRY_ALIGN_HIST, .claim = "C5",
		  .models = { "inorm-full" }, .labels = { "I-Norm + GradNorm" },
		  .tests = { { "inorm-full", "inorm", "C5", "grad_align", "grad_align" } },
		  .lo = 0.96, .hi = 1, .bins = { 5, 30 }, .hvars = { "HOUT", "HGRAD" } } } },
	{ 6, "which parts of the LN gradient (Eq. 2) I-Norm needs", "§2.4",
	  { "e-ln", "inorm-scale", "inorm-decorrelate", "inorm-center", "inorm-full" }, {
		{ .id = "6a", .kind = REGISTRY_BASELINE_BOXES, .claim = "C6", .baseline = "e-ln",
		  .models = { "inorm-scale", "inorm-decorrelate", "inorm-center", "inorm-full" },
		  .labels = { "scale", "decorrelate", "center", "full" },
		  .tests = { { "inorm-scale", "e-ln", "C6" }, { "inorm-decorrelate", "e-ln", "C6" },
			     { "inorm-center", "e-ln", "C6" }, { "inorm-full", "e-ln", "C6" } }, .pvar = "PV" },
		{ .id = "6b", .kind = REGISTRY_POOLED_HIST, .claim = "C6", .column = "grad_align",
		  .models = { "inorm-center", "inorm-decorrelate", "inorm-scale" },
		  .labels = { "center", "decorrelate", "scale" },
		  .tests = { { "inorm-center", "inorm-scale", "C6", "grad_align", "grad_align" },
			     { "inorm-center", "inorm-decorrelate", "C6", "grad_align", "grad_align" } },
		  .lo = 0, .hi = 0.65, .bins = { 20 }, .hvars = { "HCENTER", "HDECOR", "HSCALE" } } } },
	{ 7, "lateral inhibition centres the errors", "§2.5", { "e-ln", "inorm-lateral", "inorm-center", "inorm-full" }, {
		{ .id = "7b", .kind = REGISTRY_BASELINE_BOXES, .claim = "C7", .baseline = "e-ln",
		  .models = { "inorm-lateral", "inorm-center", "inorm-full" },
		  .labels = { "lat. inhib.", "center", "full" },
		  .tests = { { "inorm-lateral", "e-ln", "C7" }, { "inorm-center", "e-ln", "C7" },
			     { "inorm-full", "e-ln", "C7" } }, .pvar = "PV" } } },
	{ 0 },
};

const struct registry_figure *registry_figure_find(int n)
{
	for (const struct registry_figure *f = registry_figures; f->number; f++)
		if (f->number == n)
			return f;
	return NULL;
}

const struct registry_claim *registry_claim_find(const char *id)
{
	for (const struct registry_claim *c = registry_claims; c->id; c++)
		if (id && !strcmp(c->id, id))
			return c;
	return NULL;
}

int registry_count(const char *const *models)
{
	int n = 0;
	while (n <= REGISTRY_MAX_MODELS && models[n])
		n++;
	return n;
}

int registry_index(const char *const *models, const char *model)
{
	for (int i = 0; i <= REGISTRY_MAX_MODELS && models[i]; i++)
		if (!strcmp(models[i], model))
			return i;
	return -1;
}

const char *registry_kind_name(enum registry_kind k)
{
	switch (k) {
	case REGISTRY_SCATTER: return "scatter per eps";
	case REGISTRY_TOP_BOXES: return "top-k boxes, eps pooled";
	case REGISTRY_MOMENT_BOXES: return "moment boxes of the top-k runs, eps pooled";
	case REGISTRY_ALIGN_HIST: return "alignment histograms at the largest eps";
	case REGISTRY_BASELINE_BOXES: return "boxes per eps against a baseline";
	case REGISTRY_POOLED_HIST: return "histograms, eps pooled";
	}
	return "?";
}

/* The gnuplot names a panel writes, for the uniqueness check: at most 8. */
static int panel_names(const struct registry_panel *p, const char **names)
{
	int n = 0;
	if (p->pvar)
		names[n++] = p->pvar;
	for (int h = 0; h < REGISTRY_MAX_MODELS && p->hvars[h]; h++)
		names[n++] = p->hvars[h];
	if (p->kind == REGISTRY_SCATTER)
		names[n++] = "SC_MIN";
	if (p->kind == REGISTRY_BASELINE_BOXES)
		names[n++] = "LNMED", names[n++] = "LABEL";
	return n;
}

static int check_panel(const struct registry_figure *f, const struct registry_panel *p, char *err)
{
	const int nm = registry_count(p->models);
	if (!p->kind || !p->claim || !registry_claim_find(p->claim))
		return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: no kind or an unknown claim", f->number, p->id);
	if (nm < 1 || nm > REGISTRY_MAX_MODELS)
		return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: %d models", f->number, p->id, nm);
	if ((p->kind == REGISTRY_SCATTER || p->kind == REGISTRY_ALIGN_HIST) && nm != 1)
		return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: a %s panel plots one model, not %d", f->number,
				p->id, registry_kind_name(p->kind), nm);
	const int needs_base = p->kind == REGISTRY_SCATTER || p->kind == REGISTRY_BASELINE_BOXES;
	if (needs_base != (p->baseline != NULL))
		return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: a %s panel %s a baseline", f->number, p->id,
				registry_kind_name(p->kind), needs_base ? "needs" : "has no");
	if (p->baseline && registry_index(f->models, p->baseline) < 0)
		return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: baseline %s is not among the figure's models",
				f->number, p->id, p->baseline);
	for (int m = 0; m < nm; m++) {
		if (registry_index(f->models, p->models[m]) < 0)
			return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: model %s is not among the figure's models",
					f->number, p->id, p->models[m]);
		if (registry_index(p->models, p->models[m]) != m)
			return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: model %s twice", f->number, p->id,
					p->models[m]);
		if (!p->labels[m])
			return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: model %s has no label", f->number, p->id,
					p->models[m]);
	}
	int nt = 0;
	for (const struct registry_test *t = p->tests; t->model1; t++, nt++) {
		if (!t->model2 || !registry_claim_find(t->claim))
			return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: test %s vs %s has no known claim id",
					f->number, p->id, t->model1, t->model2 ? t->model2 : "?");
		const int hist = p->kind == REGISTRY_ALIGN_HIST || p->kind == REGISTRY_POOLED_HIST;
		int ok;
		if (hist) {
			/* columns of models of the figure: two different groups, each column an alignment */
			ok = registry_index(f->models, t->model1) >= 0 && registry_index(f->models, t->model2) >= 0 &&
			     t->column1 && t->column2 &&
			     (!strcmp(t->column1, "out_align") || !strcmp(t->column1, "grad_align")) &&
			     (!strcmp(t->column2, "out_align") || !strcmp(t->column2, "grad_align")) &&
			     (strcmp(t->model1, t->model2) || strcmp(t->column1, t->column2)) &&
			     (p->kind == REGISTRY_ALIGN_HIST || !strcmp(t->column1, p->column));
		} else {
			ok = !t->column1 && !t->column2 && registry_index(p->models, t->model1) >= 0 &&
			     strcmp(t->model1, t->model2);
			if (p->baseline)
				ok = ok && !strcmp(t->model2, p->baseline);
			else
				ok = ok && registry_index(p->models, t->model2) >= 0;
		}
		if (!ok && hist)
			return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: test %s vs %s: expected two different "
					"alignment columns (out_align, grad_align%s) of the figure's models", f->number, p->id,
					t->model1, t->model2, p->kind == REGISTRY_POOLED_HIST ? ": the panel's column" : "");
		if (!ok)
			return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: test %s vs %s: expected a model of the panel "
					"against %s", f->number, p->id, t->model1, t->model2,
					p->baseline ? p->baseline : "another of its models");
		for (const struct registry_test *u = p->tests; u < t; u++)
			if (!strcmp(u->model1, t->model1) && !strcmp(u->model2, t->model2) &&
			    !strcmp(u->column1 ? u->column1 : "", t->column1 ? t->column1 : "") &&
			    !strcmp(u->column2 ? u->column2 : "", t->column2 ? t->column2 : ""))
				return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: test %s vs %s twice", f->number,
						p->id, t->model1, t->model2);
	}
	if ((p->kind == REGISTRY_SCATTER || p->kind == REGISTRY_TOP_BOXES || p->kind == REGISTRY_BASELINE_BOXES) !=
	    (p->pvar != NULL))
		return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: a p-value variable where none is written, or "
				"none where one is", f->number, p->id);
	if (p->kind == REGISTRY_SCATTER && nt != 1)
		return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: a scatter tests its model against the x axis "
				"once", f->number, p->id);
	if (p->kind == REGISTRY_ALIGN_HIST || p->kind == REGISTRY_POOLED_HIST) {
		int nh = p->kind == REGISTRY_ALIGN_HIST ? 2 : nm, nb = p->kind == REGISTRY_ALIGN_HIST ? 2 : 1;
		if (!(p->lo < p->hi) || !isfinite(p->lo) || !isfinite(p->hi))
			return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: empty range [%g, %g]", f->number, p->id,
					p->lo, p->hi);
		for (int b = 0; b < nb; b++)
			if (p->bins[b] < 1 || p->bins[b] > 64)
				return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: %d bins, expected 1..64", f->number,
						p->id, p->bins[b]);
		if (registry_count(p->hvars) != nh)
			return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: %d histogram variables, expected %d",
					f->number, p->id, registry_count(p->hvars), nh);
		if (p->kind == REGISTRY_POOLED_HIST && !p->column)
			return inb_fail(err, INB_EINTERNAL, "figure %d panel %s: no column", f->number, p->id);
	}
	return INB_OK;
}

int registry_check_table(const struct registry_figure *figures, char *err)
{
	for (const struct registry_figure *f = figures; f->number; f++) {
		for (const struct registry_figure *g = figures; g < f; g++)
			if (g->number == f->number)
				return inb_fail(err, INB_EINTERNAL, "figure %d: listed twice", f->number);
		if (!f->title || !f->section)
			return inb_fail(err, INB_EINTERNAL, "figure %d: no title or section", f->number);
		const int nm = registry_count(f->models);
		if (nm < 1 || nm > REGISTRY_MAX_MODELS)
			return inb_fail(err, INB_EINTERNAL, "figure %d: %d models", f->number, nm);
		for (int m = 0; m < nm; m++) {
			if (!model_find(f->models[m]))
				return inb_fail(err, INB_EINTERNAL, "figure %d: unknown model %s", f->number, f->models[m]);
			if (registry_index(f->models, f->models[m]) != m)
				return inb_fail(err, INB_EINTERNAL, "figure %d: model %s twice", f->number, f->models[m]);
		}
		const char *names[REGISTRY_MAX_PANELS * 8];
		int nn = 0;
		if (!f->panels[0].id)
			return inb_fail(err, INB_EINTERNAL, "figure %d: no panel", f->number);
		for (const struct registry_panel *p = f->panels; p->id; p++) {
			for (const struct registry_panel *q = f->panels; q < p; q++)
				if (!strcmp(q->id, p->id))
					return inb_fail(err, INB_EINTERNAL, "figure %d: panel %s twice", f->number, p->id);
			/* a panel's id starts with its figure's number: the stats rows and BLOCK_ names rely on it */
			if (strtol(p->id, NULL, 10) != f->number)
				return inb_fail(err, INB_EINTERNAL, "figure %d: panel %s of another figure", f->number, p->id);
			int rc = check_panel(f, p, err);
			if (rc)
				return rc;
			int k = panel_names(p, names + nn);
			for (int i = nn; i < nn + k; i++)
				for (int j = 0; j < i; j++)
					if (!strcmp(names[i], names[j]))
						return inb_fail(err, INB_EINTERNAL, "figure %d: gnuplot name %s written twice",
								f->number, names[i]);
			nn += k;
		}
		for (const struct registry_figure *g = figures; g < f; g++)
			for (const struct registry_panel *p = f->panels; p->id; p++)
				for (const struct registry_panel *q = g->panels; q->id; q++)
					if (!strcmp(p->id, q->id))
						return inb_fail(err, INB_EINTERNAL, "panel %s in figures %d and %d", p->id,
								g->number, f->number);
	}
	for (const struct registry_claim *c = registry_claims; c->id; c++)
		for (const struct registry_claim *d = registry_claims; d < c; d++)
			if (!strcmp(c->id, d->id))
				return inb_fail(err, INB_EINTERNAL, "claim %s twice", c->id);
	return INB_OK;
}

int registry_check(char *err)
{
	return registry_check_table(registry_figures, err);
}

void registry_write_make(FILE *fp)
{
	fprintf(fp, "# registry.mk: generated by `inhibnorm registry --make` from src/results/registry.c (do not edit): the\n"
		    "# sweep figures and the models each trains.\nREGISTRY_FIGS :=");
	for (const struct registry_figure *f = registry_figures; f->number; f++)
		fprintf(fp, " %d", f->number);
	fprintf(fp, "\n");
	for (const struct registry_figure *f = registry_figures; f->number; f++) {
		fprintf(fp, "MODELS_fig%d :=", f->number);
		for (int m = 0; f->models[m]; m++)
			fprintf(fp, " %s", f->models[m]);
		fprintf(fp, "\n");
	}
}

static void write_models(FILE *fp, const struct registry_panel *p)
{
	for (int m = 0; p->models[m]; m++)
		fprintf(fp, "%s%s (%s)", m ? ", " : "", p->models[m], p->labels[m]);
}

void registry_write_listing(FILE *fp)
{
	fprintf(fp, "claims:\n");
	for (const struct registry_claim *c = registry_claims; c->id; c++)
		fprintf(fp, "  %s  %s (%s)\n", c->id, c->text, c->where);
	for (const struct registry_figure *f = registry_figures; f->number; f++) {
		fprintf(fp, "\nfigure %d: %s (paper %s)\n  trains:", f->number, f->title, f->section);
		for (int m = 0; f->models[m]; m++)
			fprintf(fp, " %s", f->models[m]);
		fprintf(fp, "\n");
		for (const struct registry_panel *p = f->panels; p->id; p++) {
			fprintf(fp, "  panel %s, %s, claim %s\n    ", p->id, registry_kind_name(p->kind), p->claim);
			switch (p->kind) {
			case REGISTRY_SCATTER:
				fprintf(fp, "x: %s, y: ", p->baseline);
				write_models(fp, p);
				break;
			case REGISTRY_BASELINE_BOXES:
				fprintf(fp, "baseline %s; boxes: ", p->baseline);
				write_models(fp, p);
				break;
			case REGISTRY_ALIGN_HIST:
				fprintf(fp, "output and gradient alignment of ");
				write_models(fp, p);
				fprintf(fp, " over [%g, %g], %d and %d bins", p->lo, p->hi, p->bins[0], p->bins[1]);
				break;
			case REGISTRY_POOLED_HIST:
				fprintf(fp, "%s of ", p->column);
				write_models(fp, p);
				fprintf(fp, " over [%g, %g], %d bins", p->lo, p->hi, p->bins[0]);
				break;
			default:
				fprintf(fp, "boxes: ");
				write_models(fp, p);
			}
			fprintf(fp, "\n");
			for (const struct registry_test *t = p->tests; t->model1; t++)
				if (t->column1)
					fprintf(fp, "    test %s %s vs %s %s (two-sided Mann-Whitney U, %s), claim %s\n",
						t->model1, t->column1, t->model2, t->column2,
						p->kind == REGISTRY_ALIGN_HIST ? "largest eps" : "eps pooled", t->claim);
				else
					fprintf(fp, "    test %s vs %s (two-sided Mann-Whitney U, %s), claim %s\n", t->model1,
						t->model2, p->kind == REGISTRY_SCATTER || p->kind == REGISTRY_BASELINE_BOXES ?
						"per eps" : p->kind == REGISTRY_MOMENT_BOXES ?
						"|moment - LN's target|, each moment, eps pooled" :
						"top-k runs, eps pooled", t->claim);
		}
	}
}
