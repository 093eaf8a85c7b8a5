# theorem1.gp: Theorem 1 (paper §2.5, proof in Appendix 5.2): a unit that pools n errors with weights
# nu = omega / sum(omega) recovers their mean, with an error that shrinks as n grows.
# Input: data/summary/SCALE/theorem1.tsv from `inhibnorm theorem1`: blocks 1-4 uniform errors, blocks 5-8 network errors,
# each for weights uniform, exponential, log-normal, Pareto 1.5; columns n, trials, mean_abs, p95, fit_mean, fit_p95,
# ...; the last header field of a block is its legend, fitted slopes included. This script only draws.
W = 1200; H = 560; OUT = ARG1; KIND = ARG2; DATA = ARG3
load "figures/style.gp"
set datafile separator "\t"
set key autotitle columnheader
set logscale xy
set format x "10^{%T}"
set format y "10^{%T}"
set xrange [7:*]
set mxtics 10
set grid xtics ytics lc rgb "#dddddd" lw 0.8
set xlabel "n (errors pooled by the inhibitory unit)"
set ylabel "|s_n − mean(δ)|,  s_n = ν·δ"
set key bottom left Left reverse spacing 1.2 samplen 1 font ",11" box lc rgb "#bbbbbb"
law_color(i) = (i == 1 ? 0x1b9e77 : i == 2 ? 0xd95f02 : i == 3 ? 0x7570b3 : 0xe7298a)
set label 1 "filled: mean over trials, open: 95th percentile; lines: least-squares fits" at graph 0.02, 0.97 \
    font ",10" tc rgb "#555555"
set multiplot layout 1, 2 title "Theorem 1: pooling with fixed random positive weights estimates the mean error" \
    font ",14"
set title "δ_i ∼ U[−1, 1) i.i.d."
plot for [i=1:4] DATA index i using 1:3 with points pt 7 ps 0.9 lc rgb law_color(i) title columnheader(10), \
     for [i=1:4] DATA index i using 1:5 with lines lw 1.5 lc rgb law_color(i) notitle, \
     for [i=1:4] DATA index i using 1:4 with points pt 6 ps 0.9 lc rgb law_color(i) notitle, \
     for [i=1:4] DATA index i using 1:6 with lines dt 2 lw 1 lc rgb law_color(i) notitle
set title "δ: back-propagated errors of an E-only LN network (Fashion-MNIST)"
set ylabel " "
unset label 1
plot for [i=5:8] DATA index i using 1:3 with points pt 7 ps 0.9 lc rgb law_color(i - 4) title columnheader(10), \
     for [i=5:8] DATA index i using 1:5 with lines lw 1.5 lc rgb law_color(i - 4) notitle, \
     for [i=5:8] DATA index i using 1:4 with points pt 6 ps 0.9 lc rgb law_color(i - 4) notitle, \
     for [i=5:8] DATA index i using 1:6 with lines dt 2 lw 1 lc rgb law_color(i - 4) notitle
unset multiplot
