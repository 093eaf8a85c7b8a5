# dann-fig4.gp: the Fashion-MNIST panel of the DANN paper's Figure 4: train error per epoch (left) and test error
# every K updates (right), mean over seeds with a band of one sd, one colour per model.
# gnuplot -c figures/dann-fig4.gp OUT svg|png data/summary/SCALE/dann-fig4.tsv data/summary/SCALE/dann-fig4-vars.gp
# Blocks of dann-fig4.tsv: 0..N-1 test error (update, mean, sd, runs) per model, N..2N-1 train error (epoch, mean,
# sd, runs); the legends in the vars file. Nothing is computed here.
W = 1200; H = 520; OUT = ARG1; KIND = ARG2; DATA = ARG3
load ARG4
load "figures/style.gp"
model_color(i) = word("0x252525 0x1f77b4 0x2ca02c 0xd62728 0xff7f0e 0x9467bd 0x8c564b", i) + 0
legend(i) = system(sprintf("printf '%%s' '%s' | cut -d'|' -f%d", legends, i))
set multiplot layout 1, 2 title scale_label font ",11"
set grid lc rgb "#e5e5e5"
set key top right font ",10"
set style fill transparent solid 0.15 noborder
set title "train error (mean over the epoch's minibatches)"
set xlabel "epoch"
set ylabel "train error (%)"
set logscale y
set xrange [0.5:*]
set autoscale xfixmax
set offsets 0, 0.5, 0, 0
plot for [i=1:nmodels] DATA index (nmodels + i - 1) using 1:($2 - $3 > 0.01 ? $2 - $3 : 0.01):($2 + $3) \
         with filledcurves lc rgb model_color(i) notitle, \
     for [i=1:nmodels] DATA index (nmodels + i - 1) using 1:2 with linespoints pt 7 ps 0.5 lw 2 \
         lc rgb model_color(i) title legend(i)
set title "test error (whole test set)"
set xlabel "update (thousands)"
set ylabel "test error (%)"
unset logscale y
set autoscale x
set autoscale xfixmax
set offsets 0, 0, 0, 0
set yrange [0:test_ymax]
plot for [i=1:nmodels] DATA index (i - 1) using ($1 / 1000):($2 - $3):($2 + $3) with filledcurves \
         lc rgb model_color(i) notitle, \
     for [i=1:nmodels] DATA index (i - 1) using ($1 / 1000):2 with lines lw 2 lc rgb model_color(i) title legend(i)
unset multiplot
