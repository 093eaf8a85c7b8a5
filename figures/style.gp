# style.gp: the one style every figure shares. Loaded by each figN.gp after it sets W, H (size in pixels),
# OUT (ARG1) and KIND (ARG2).
# Usage of a figure script: gnuplot -c figures/figN.gp OUTPUT svg|png DATA...
if (KIND eq "svg") {
    set terminal svg size W, H font "Helvetica,13" enhanced background rgb "white"
} else {
    set terminal pngcairo size W, H font "Helvetica,13" enhanced background rgb "white"
}
set output OUT
set encoding utf8
set border lw 1.2 lc rgb "#333333"
set tics nomirror textcolor rgb "#333333"
set key noautotitle
# shades of one colour per luminance range eps = 0, 0.25, 0.5, 0.75 (light to dark)
eps_color(i) = (i == 0 ? 0xbdbdbd : i == 1 ? 0x969696 : i == 2 ? 0x636363 : 0x252525)
# colour of a luminance range given as a number (0, 0.25, 0.5, 0.75): light to dark
eps_shade(e) = (e < 0.125 ? 0xbdbdbd : e < 0.375 ? 0x969696 : e < 0.625 ? 0x636363 : 0x252525)
# box plots: boxes, whiskers and the median line in one colour
box_color = 0x4a6fa5
ln_color = 0xc0392b
