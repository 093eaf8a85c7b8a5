# dann-fig2.gp: the DANN paper's Figure 2 procedure on Fashion-MNIST (the paper used MNIST): in each layer of the
# d-NGD model, the cosine of the applied Fisher-corrected step with the uncorrected gradient (black) and with its
# Algorithm 3 correction (orange), trailing means over the window, mean over seeds; a fifth panel the model's train
# and test error per epoch.
# gnuplot -c figures/dann-fig2.gp OUT svg|png data/summary/SCALE/dann-fig2.tsv data/summary/SCALE/dann-fig2-vars.gp
# Block 0 of dann-fig2.tsv: update, epoch, then cos_fu_lN, cos_fh_lN for N = 1..4; block 1: epoch, train, test error.
# Nothing is computed here.
W = 1500; H = 420; OUT = ARG1; KIND = ARG2; DATA = ARG3
load ARG4
load "figures/style.gp"
black = 0x111111; orange = 0xff7f0e
layer_name(l) = l == 4 ? "layer 4 (output)" : sprintf("layer %d", l)
set multiplot layout 1, 5 title scale_label font ",11"
set grid lc rgb "#e5e5e5"
set xlabel "epoch"
set key inside center right opaque font ",9"
do for [l=1:4] {
    set title layer_name(l)
    set ylabel (l == 1 ? "cosine with the Fisher-corrected step" : "")
    set yrange [*:*]
    plot DATA index 0 using 2:(column(1 + 2 * l)) with lines lw 2 lc rgb black title "uncorrected", \
         DATA index 0 using 2:(column(2 + 2 * l)) with lines lw 2 lc rgb orange title "Algorithm 3-corrected"
}
set title "d-NGD error"
set ylabel "error (%)"
set key inside top right opaque font ",9"
set xrange [0.5:*]
plot DATA index 1 using 1:2 with linespoints pt 7 ps 0.5 lw 2 lc rgb 0x1f77b4 title "train", \
     DATA index 1 using 1:3 with linespoints pt 7 ps 0.5 lw 2 lc rgb 0xd62728 title "test"
unset multiplot
