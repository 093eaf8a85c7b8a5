# inhibnorm 1ab744f: labels of figure 2 (generated; loaded by figures/fig2.gp)
SCALE_LABEL = "scale: quick, 8 configurations, eps in {0, 0.75}, 8 epochs"
NE = 2
array EPS[2]
EPS[1] = "0"
EPS[2] = "0.75"
NCONF = 8
TOPK = 3
SC_MIN = 69
SC_MAX = 88
P2A_1 = "p = 0.0047 **"
P2A_2 = "p = 0.01 *"
P2B = "p = 0.18 n.s."
