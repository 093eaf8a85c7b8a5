# fig2.gp: Figure 2, LN helps EI networks (paper §2.1, Fig. 2a-b; the panels: src/results/registry.c).
# gnuplot -c figures/fig2.gp OUT svg|png data/summary/SCALE/fig2.tsv data/summary/SCALE/fig2-vars.gp
# Blocks of fig2.tsv, their indices from fig2-vars.gp: BLOCK_2A[i] panel a (config, EI LN+ accuracy, EI accuracy)
# at eps i; BLOCK_2B panel b boxes; BLOCK_2B_VALUES panel b values. Nothing is computed here.
W = 1100; H = 540; OUT = ARG1; KIND = ARG2; DATA = ARG3
load ARG4
load "figures/style.gp"
load "figures/corner.gp"
set multiplot
# (a) scatter, one shade per eps
set origin 0, 0.04
set size 0.55, 0.92
set size square
set title "{/:Bold a}   EI networks with and without LN"
set xlabel "EI LN⁺ test accuracy (%)"
set ylabel "EI (no norm) test accuracy (%)"
set xrange [SC_MIN:SC_MAX]
set yrange [SC_MIN:SC_MAX]
set key top left font ",10" spacing 1.1 box lc rgb "#cccccc" opaque
set grid lc rgb "#e5e5e5"
plot for [i=1:NE] DATA index BLOCK_2A[i] using 2:3 with points pt 7 ps 1.1 lc rgb eps_shade(real(EPS[i])) \
         title sprintf("ε = %s   EI vs EI LN⁺: %s", EPS[i], value(sprintf("P2A_%d", i))), \
     x with lines dt 2 lc rgb "#555555" title "y = x (below: LN helps)"
# (b) boxes of the top runs
set origin 0.56, 0.04
set size 0.42, 0.92
set size nosquare
set title sprintf("{/:Bold b}   best %d runs per ε, all ε pooled", TOPK)
set label 1 P2B at graph 0.5, graph 0.96 center font ",11"
set xlabel ""
set ylabel "test accuracy (%)"
set xrange [0.4:2.6]
set autoscale y
set key off
set boxwidth 0.5
set style fill solid 0.25 border
plot DATA index BLOCK_2B using 1:3:4:5:6:xticlabels(2) with candlesticks whiskerbars 0.5 lc rgb box_color, \
     ''   index BLOCK_2B using 1:7:7:7:7 with candlesticks lw 2 lc rgb box_color, \
     ''   index BLOCK_2B_VALUES using 1:2 with points pt 6 ps 0.7 lc rgb "#333333"
unset multiplot
