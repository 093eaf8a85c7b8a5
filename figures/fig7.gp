# fig7.gp: Figure 7b, I-Norm with lateral inhibition and with centring-only GradNorm against LN⁺ (paper §2.5,
# Fig. 7b; the panel: src/results/registry.c).
# gnuplot -c figures/fig7.gp OUT svg|png data/summary/SCALE/fig7.tsv data/summary/SCALE/fig7-vars.gp
# Blocks of fig7.tsv, their indices from fig7-vars.gp, for eps i = 1..NE: BLOCK_7B[i] the boxes of final test
# accuracy (pos label q1 lo hi q3 median n) of the NM models LABEL[1..NM]; BLOCK_7B_LEFT_OUT[i] the boxes that left
# out collapsed runs (pos, lowest value drawn, count; a single NaN row when none), drawn as a red '∼' (U+223C:
# gnuplot swallows a plain '~' in labels) with the count.
# LNMED[i] is the median of LN⁺ at eps i, PV[(i-1)*NM + j] the test of model j against LN⁺.
# Nothing is computed here.
load ARG4
COLS = (NE == 1 ? 1 : 2)
ROWS = (NE > 2 ? 2 : 1)
# pixels: header on top, one box panel per eps in a COLS x ROWS grid, room for the scale label at the bottom
HEAD = 120; FOOT = 22; PW = (NE == 1 ? 700 : 470); PH = 370
W = 30 + COLS * PW; H = HEAD + FOOT + ROWS * PH; OUT = ARG1; KIND = ARG2; DATA = ARG3
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
set multiplot
set label 1 "{/:Bold b}   I-Norm networks whose error signals are centred by lateral inhibition, against LN⁺" \
    at screen 0.5, screen 1 - 24.0 / H center font ",13"
set label 2 "lat. inhib.: errors centred by lateral inhibition (fixed random weights);  center: explicit centring;  full: whole LN gradient\n" . \
    "each box: final test accuracy of all runs at one ε (quartiles, median; whiskers: furthest values within 1.5 IQR)\n" . \
    "red dotted line: median of LN⁺ at that ε;  p: two-sided Mann–Whitney U test against LN⁺ at that ε\n" . \
    "red ∼: collapsed runs (≤ 10 %) left out of a box whose median is ≥ 50 % (still in the test), their number beside it" \
    at screen 0.5, screen 1 - 40.0 / H center font ",10" tc rgb "#555555" offset 0, -2.1
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
    set origin (15.0 + ((i - 1) % COLS) * PW) / W, (FOOT + (ROWS - 1 - (i - 1) / COLS) * PH) / (1.0 * H)
    set size 1.0 * PW / W, 1.0 * PH / H
    set title sprintf("ε = %s", EPS[i]) font ",12"
    plot DATA index BLOCK_7B[i] using 1:3:4:5:6:xticlabels(2) with candlesticks whiskerbars 0.5 lc rgb box_color, \
         ''   index BLOCK_7B[i] using 1:7:7:7:7 with candlesticks lw 2 lc rgb box_color, \
         LNMED[i] with lines dt 3 lw 2 lc rgb ln_color, \
         ''   index BLOCK_7B[i] using 1:5:(pv_label(PV[(i-1)*NM + int($1)])) with labels boxed offset 0, 1.6 font ",10", \
         ''   index BLOCK_7B_LEFT_OUT[i] using (tilde_x(i)):(tilde_y(i)):(tilde_text("∼")) \
              with labels offset 0, -1.1 font ",20" tc rgb ln_color, \
         ''   index BLOCK_7B_LEFT_OUT[i] using (tilde_x(i)):(tilde_y(i)):(tilde_text(strcol(3) . " left out")) \
              with labels left offset 1.3, -1.2 font ",9" tc rgb ln_color
    unset label 1
    unset label 2
}
unset multiplot
