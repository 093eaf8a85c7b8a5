# fig6.gp: Figure 6, which part of the LN gradient I-Norm needs: scale, decorrelate, center or all (full)
# (paper §2.4, Fig. 6a-b; the panels: src/results/registry.c).
# gnuplot -c figures/fig6.gp OUT svg|png data/summary/SCALE/fig6.tsv data/summary/SCALE/fig6-vars.gp
# Blocks of fig6.tsv, their indices from fig6-vars.gp, for eps i = 1..NE: BLOCK_6A[i] the boxes of final test
# accuracy (pos label q1 lo hi q3 median n) of the NM models LABEL[1..NM]; BLOCK_6A_LEFT_OUT[i] the boxes that left
# out collapsed runs (pos, lowest value drawn, count; a single NaN row when none), drawn as a red '∼' (U+223C:
# gnuplot swallows a plain '~' in labels) with the count. Then BLOCK_6B[h], h = 1..|BLOCK_6B|, the histograms
# (bin_centre count bin_width) of the gradient alignment of model LABEL_6B[h] over [HIST_6B_LO, HIST_6B_HI], all
# eps pooled (counts in the variables named HVAR_6B[h]). LNMED[i] is the median of LN⁺ at eps i,
# PV[(i-1)*NM + j] the test of model j against LN⁺. Nothing is computed here.
load ARG4
COLS = (NE == 1 ? 1 : 2)
ROWS = (NE > 2 ? 2 : 1)
NH = |BLOCK_6B|
# pixels: header on top; on the left one box panel per eps in a COLS x ROWS grid (panel a), on the right the NH
# histograms above each other (panel b); room for the scale label at the bottom
HEAD = 124; FOOT = 22; PW = (NE == 1 ? 660 : 450); HW = 400
BODY = (ROWS == 2 ? 760 : 560); PH = BODY / ROWS; HH = BODY / (1.0 * NH)
W = 20 + COLS * PW + HW; H = HEAD + FOOT + BODY; OUT = ARG1; KIND = ARG2; DATA = ARG3
load "figures/style.gp"
load "figures/corner.gp"
# a p-value label "p = 0.012 *" on two lines: the value, then the stars (styling only)
pv_label(s) = (words(s) == 4 ? sprintf("%s %s %s\n%s", word(s, 1), word(s, 2), word(s, 3), word(s, 4)) : s)
# the '~' blocks hold one NaN row when no box left anything out: read them as strings so that gnuplot never sees
# a NaN (gnuplot 5.4.4 segfaults when `with labels` reads a NaN column), and draw an empty label instead
nan_row(c) = (strcol(c) eq "NaN" || strcol(c) eq "nan")
tilde_x(i) = (nan_row(1) ? 1 : real(strcol(1)))
tilde_y(i) = (nan_row(1) ? LNMED[i] : real(strcol(2)))
tilde_text(t) = (nan_row(1) ? "" : t)
# the note of a histogram: its model, how many runs, and how many fell outside the drawn range (styling only)
hist_note(name, n, below, above) = sprintf("%s:  %d runs", name, n) . \
    (below > 0 ? sprintf("\n%d of them below %g (not drawn)", below, HIST_6B_LO) : "") . \
    (above > 0 ? sprintf("\n%d of them above %g (not drawn)", above, HIST_6B_HI) : "")
AX = (10.0 + COLS * PW / 2.0) / W
set multiplot
# ---- (a) one box panel per eps
set label 1 "{/:Bold a}   I-Norm with one part of the LN gradient, against LN⁺" \
    at screen AX, screen 1 - 24.0 / H center font ",13"
set label 2 "scale / decorrelate / center: GradNorm restricted to that operation;  full: the whole LN gradient\n" . \
    "each box: final test accuracy of all runs at one ε (quartiles, median; whiskers: furthest values within 1.5 IQR)\n" . \
    "red dotted line: median of LN⁺ at that ε;  p: two-sided Mann–Whitney U test against LN⁺ at that ε\n" . \
    "red ∼: collapsed runs (≤ 10 %) left out of a box whose median is ≥ 50 % (still in the test), their number beside it" \
    at screen AX, screen 1 - 40.0 / H center font ",10" tc rgb "#555555" offset 0, -2.1
set label 3 "{/:Bold b}   alignment of the gradient with LN's" \
    at screen (10.0 + COLS * PW + HW / 2.0) / W, screen 1 - 24.0 / H center font ",13"
set label 4 sprintf("all ε pooled; cosine similarity, mean over layers") \
    at screen (10.0 + COLS * PW + HW / 2.0) / W, screen 1 - 48.0 / H center font ",10" tc rgb "#555555"
set boxwidth 0.5
set style fill solid 0.25 border
set xrange [0.4:NM + 0.6]
set xtics scale 0 font ",11"
set grid ytics lc rgb "#e5e5e5"
set offsets 0, 0, graph 0.26, graph 0.22
# the y range ends where the data and labels end (not at the next tic); the p-values hide the line behind them
# (in PNG: the SVG terminal draws no opaque text boxes)
set autoscale yfix
set style textbox opaque noborder margins 0.5, 0.5
set ylabel "test accuracy (%)"
# the same left margin in every panel, so that the axes line up
set lmargin 9
set key off
do for [i=1:NE] {
    set origin (10.0 + ((i - 1) % COLS) * PW) / W, (FOOT + (ROWS - 1 - (i - 1) / COLS) * PH) / (1.0 * H)
    set size 1.0 * PW / W, 1.0 * PH / H
    set title sprintf("ε = %s", EPS[i]) font ",12"
    plot DATA index BLOCK_6A[i] using 1:3:4:5:6:xticlabels(2) with candlesticks whiskerbars 0.5 lc rgb box_color, \
         ''   index BLOCK_6A[i] using 1:7:7:7:7 with candlesticks lw 2 lc rgb box_color, \
         LNMED[i] with lines dt 3 lw 2 lc rgb ln_color, \
         ''   index BLOCK_6A[i] using 1:5:(pv_label(PV[(i-1)*NM + int($1)])) with labels boxed offset 0, 1.6 font ",10", \
         ''   index BLOCK_6A_LEFT_OUT[i] using (tilde_x(i)):(tilde_y(i)):(tilde_text("∼")) \
              with labels offset 0, -1.1 font ",20" tc rgb ln_color, \
         ''   index BLOCK_6A_LEFT_OUT[i] using (tilde_x(i)):(tilde_y(i)):(tilde_text(strcol(3) . " left out")) \
              with labels left offset 1.3, -1.2 font ",9" tc rgb ln_color
    unset label 1; unset label 2; unset label 3; unset label 4
}
# ---- (b) the histograms of the gradient alignment (center, decorrelate, scale)
set title ""
set style fill solid 0.35 border lc rgb box_color
set xrange [HIST_6B_LO:HIST_6B_HI]
set xtics 0.1 font ",11" scale 1
set grid noxtics ytics
# at least 0..6 on the count axis, so that its tics are whole numbers
set yrange [0:6<*]
set offsets 0, 0, graph 0.4, 0
set ylabel "runs"
do for [h=1:NH] {
    set origin (10.0 + COLS * PW) / W, (FOOT + (NH - h) * HH) / H
    set size 1.0 * HW / W, HH / H
    set xlabel (h == NH ? "gradient alignment with LN" : "")
    set label 5 hist_note(LABEL_6B[h], value(HVAR_6B[h] . "_N"), value(HVAR_6B[h] . "_BELOW"), \
        value(HVAR_6B[h] . "_ABOVE")) at graph 0.04, graph 0.88 left font ",10" tc rgb "#333333"
    plot DATA index BLOCK_6B[h] using 1:2:3 with boxes lc rgb box_color
}
unset multiplot
