# fig3.gp: Figure 3b, moments of the excitatory pre-activations under No-Norm, I-Norm (sub) and I-Norm (paper §2.2,
# Fig. 3b; the panel: src/results/registry.c).
# gnuplot -c figures/fig3.gp OUT svg|png data/summary/SCALE/fig3.tsv data/summary/SCALE/fig3-vars.gp
# Blocks of fig3.tsv, their indices from fig3-vars.gp: BLOCK_3B_FIRST first-moment boxes, BLOCK_3B_SECOND
# second-moment boxes (pos label q1 lo hi q3 median n), the top-k runs per eps pooled over eps. Nothing is computed here: the boxes, medians and n come from the summary.
W = 1100; H = 540; OUT = ARG1; KIND = ARG2; DATA = ARG3
load ARG4
load "figures/style.gp"
load "figures/corner.gp"
set multiplot
set label 1 sprintf("No-Norm: EI network without normalization;  I-Norm (sub): subtractive inhibition only;  I-Norm: subtractive and divisive inhibition\n" . \
    "best %d run%s per ε (by test accuracy), all ε pooled;  box: quartiles and median, whiskers: furthest values within 1.5 IQR, outliers not drawn", \
    TOPK, TOPK == 1 ? "" : "s") at screen 0.5, screen 0.955 center font ",11" tc rgb "#555555"
set boxwidth 0.5
set style fill solid 0.25 border
set xrange [0.4:3.6]
set xtics scale 0
set grid ytics lc rgb "#e5e5e5"
set offsets 0, 0, graph 0.16, graph 0.06
set key top right font ",10" box lc rgb "#cccccc" opaque
# n per box under its name
box_tic(name, n) = sprintf("%s\nn = %d", name, n)
# (b, left) first moment, ideal 0
set origin 0, 0.06
set size 0.5, 0.84
set title "{/:Bold b}   first moment of excitatory activity"
set ylabel "mean over units of the pre-activation"
plot DATA index BLOCK_3B_FIRST using 1:3:4:5:6:xticlabels(box_tic(strcol(2), $8)) with candlesticks whiskerbars 0.5 lc rgb box_color, \
     ''   index BLOCK_3B_FIRST using 1:7:7:7:7 with candlesticks lw 2 lc rgb box_color, \
     0 with lines dt 2 lw 1.5 lc rgb ln_color title "0 (layer-normalized)"
unset label 1
# (b, right) second moment, ideal 1, log axis
set origin 0.5, 0.06
set title "second moment of excitatory activity"
set ylabel "variance over units of the pre-activation"
set logscale y
set autoscale yfix
set mytics 10
# labelled tics at 1, 2 and 5 times each power of ten, so that a range narrower than a decade still has labels
set ytics () 
do for [k=-6:6] { set ytics add (1 * 10.0**k, 2 * 10.0**k, 5 * 10.0**k) }
set format y "%g"
plot DATA index BLOCK_3B_SECOND using 1:3:4:5:6:xticlabels(box_tic(strcol(2), $8)) with candlesticks whiskerbars 0.5 lc rgb box_color, \
     ''   index BLOCK_3B_SECOND using 1:7:7:7:7 with candlesticks lw 2 lc rgb box_color, \
     1 with lines dt 2 lw 1.5 lc rgb ln_color title "1 (layer-normalized)"
unset multiplot
