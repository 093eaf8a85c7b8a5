# inhibnorm 1ab744f: labels of figure 6 (generated; loaded by figures/fig6.gp)
SCALE_LABEL = "scale: quick, 8 configurations, eps in {0, 0.75}, 8 epochs"
NE = 2
array EPS[2]
EPS[1] = "0"
EPS[2] = "0.75"
NCONF = 8
TOPK = 3
NM = 4
array LNMED[2]
array PV[8]
array LABEL[4]
LABEL[1] = "scale"
LABEL[2] = "decorrelate"
LABEL[3] = "center"
LABEL[4] = "full"
LNMED[1] = 86.375
PV[1] = "p = 0.031 *"
PV[2] = "p = 0.57 n.s."
PV[3] = "p = 0.1 n.s."
PV[4] = "p = 0.96 n.s."
LNMED[2] = 81.84
PV[5] = "p = 0.00031 ***"
PV[6] = "p = 0.13 n.s."
PV[7] = "p = 0.11 n.s."
PV[8] = "p = 0.87 n.s."
HCENTER_N = 16
HCENTER_BELOW = 0
HCENTER_ABOVE = 0
HDECOR_N = 16
HDECOR_BELOW = 0
HDECOR_ABOVE = 0
HSCALE_N = 16
HSCALE_BELOW = 0
HSCALE_ABOVE = 0
