# fig5.gp: Figure 5b-c, I-Norm with GradNorm (hard-coded LN gradients) against LN⁺ (paper §2.3, Fig. 5b-c; the
# panels: src/results/registry.c).
# gnuplot -c figures/fig5.gp OUT svg|png data/summary/SCALE/fig5.tsv data/summary/SCALE/fig5-vars.gp
# Blocks of fig5.tsv, their indices from fig5-vars.gp: BLOCK_5C[i] panel c (config, LN⁺ accuracy, I-Norm +
# GradNorm accuracy) at eps i; BLOCK_5B_OUT and BLOCK_5B_GRAD panel b histograms (bin_centre count bin_width) of
# the output and the gradient alignment at eps = EPS_HIST over [HIST_5B_LO, HIST_5B_HI]. Nothing is computed here.
W = 1250; H = 560; OUT = ARG1; KIND = ARG2; DATA = ARG3
load ARG4
load "figures/style.gp"
load "figures/corner.gp"
# the note of a histogram: how many runs, and how many fell outside the drawn range (styling only)
hist_note(n, below, above, lo, hi) = sprintf("%d runs", n) . \
    (below > 0 ? sprintf(", %d of them below %g (not drawn)", below, lo) : "") . \
    (above > 0 ? sprintf(", %d of them above %g (not drawn)", above, hi) : "")
set multiplot
# (b) alignment histograms at the largest eps: output (top), gradient (bottom)
set key off
set grid ytics noxtics lc rgb "#e5e5e5"
set style fill solid 0.35 border lc rgb box_color
set xrange [HIST_5B_LO:HIST_5B_HI]
# at least 0..6 on the count axis, so that its tics are whole numbers
set yrange [0:6<*]
set offsets 0, 0, graph 0.22, 0
set xtics 0.01
set ylabel "runs"
set origin 0.0, 0.52
set size 0.39, 0.44
set title sprintf("{/:Bold b}   alignment of I-Norm + GradNorm with LN, ε = %s", EPS_HIST)
set xlabel "output alignment (cosine similarity, mean over layers)" offset 0, 0.3
set label 1 hist_note(HOUT_N, HOUT_BELOW, HOUT_ABOVE, HIST_5B_LO, HIST_5B_HI) at graph 0.03, graph 0.9 left font ",10" tc rgb "#555555"
plot DATA index BLOCK_5B_OUT using 1:2:3 with boxes lc rgb box_color
set origin 0.0, 0.06
set title ""
set xlabel "gradient alignment (cosine similarity, mean over layers)"
set label 1 hist_note(HGRAD_N, HGRAD_BELOW, HGRAD_ABOVE, HIST_5B_LO, HIST_5B_HI)
plot DATA index BLOCK_5B_GRAD using 1:2:3 with boxes lc rgb box_color
unset label 1
# (c) scatter, one shade per eps; fixed margins: the square scatter, its legend beside it (not over the points)
set offsets 0, 0, 0, 0
set origin 0, 0
set size 1, 1
set lmargin at screen 0.475
set rmargin at screen 0.8
set bmargin at screen 0.13
set tmargin at screen 0.86
set size ratio 1
set title "{/:Bold c}   I-Norm + GradNorm against LN⁺"
set xlabel "LN⁺ test accuracy (%)" offset 0, 0
set ylabel "I-Norm + GradNorm test accuracy (%)"
set xrange [SC_MIN:SC_MAX]
set yrange [SC_MIN:SC_MAX]
set xtics autofreq
set grid xtics ytics
set key at screen 0.81, screen 0.78 left top Left reverse font ",10" spacing 1.3 width -2 box lc rgb "#cccccc"
set label 2 "I-Norm + GradNorm vs LN⁺\nper ε: two-sided Mann–Whitney U" at screen 0.815, screen 0.86 left font ",10" tc rgb "#333333"
plot for [i=1:NE] DATA index BLOCK_5C[i] using 2:3 with points pt 7 ps 1.1 lc rgb eps_shade(real(EPS[i])) \
         title sprintf("ε = %s:  %s", EPS[i], value(sprintf("PSC_%d", i))), \
     x with lines dt 2 lc rgb "#555555" title "y = x"
unset multiplot
