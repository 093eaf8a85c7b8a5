# inhibnorm 1ab744f: labels of figure 4 (generated; loaded by figures/fig4.gp)
SCALE_LABEL = "scale: quick, 8 configurations, eps in {0, 0.75}, 8 epochs"
NE = 2
array EPS[2]
EPS[1] = "0"
EPS[2] = "0.75"
NCONF = 8
TOPK = 3
SC_MIN = 74
SC_MAX = 89
PSC_1 = "p = 0.038 *"
PSC_2 = "p = 0.00062 ***"
HOUT_N = 8
HOUT_BELOW = 0
HOUT_ABOVE = 0
HGRAD_N = 8
HGRAD_BELOW = 0
HGRAD_ABOVE = 0
EPS_HIST = "0.75"
