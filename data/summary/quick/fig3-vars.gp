# inhibnorm 1ab744f: labels of figure 3 (generated; loaded by figures/fig3.gp)
SCALE_LABEL = "scale: quick, 8 configurations, eps in {0, 0.75}, 8 epochs"
NE = 2
array EPS[2]
EPS[1] = "0"
EPS[2] = "0.75"
NCONF = 8
TOPK = 3
