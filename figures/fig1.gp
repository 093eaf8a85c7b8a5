# fig1.gp: Figure 1b, Fashion-MNIST images under luminance shifts (paper §2.1, §4.1).
# Input: data/summary/SCALE/fig1.tsv from `inhibnorm images`: block 0 the pixel grid (x y value), block 1 the column
# headings, block 2 the row headings, block 3 each image's epoch-1 shift. This script only draws.
W = 980; H = 760; OUT = ARG1; KIND = ARG2; DATA = ARG3
load "figures/style.gp"
set size ratio -1
set lmargin at screen 0.19
set rmargin at screen 0.88
set tmargin at screen 0.88
set bmargin at screen 0.03
unset border
unset tics
unset colorbox
set palette gray
set cbrange [0:1]
set yrange [*:*] reverse
set title "Luminance shifts, ε = 0.75: each image x becomes clamp(x + Δ, 0, 1)" offset 0, 1.5
plot DATA index 0 using 1:2:3 with image pixels, \
     ''   index 1 using 1:2:3 with labels font ",12", \
     ''   index 2 using 1:2:3 with labels right font ",12", \
     ''   index 3 using 1:2:3 with labels left font ",11" tc rgb "#555555"
