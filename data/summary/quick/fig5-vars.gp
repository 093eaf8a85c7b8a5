# inhibnorm 4ac2bc4: labels of figure 5 (generated; loaded by figures/fig5.gp)
# provenance: inhibnorm 4ac2bc4, scale quick, summarised 2026-12-07T21:08:06Z
# provenance: cpu of the summarising machine (not necessarily the one that trained): AMD EPYC
# provenance: blas of the runs ('# blas:' lines): core=Zen threads=1 (48 runs)
# provenance: compute: 2298.1 s = 0.6384 h, the 48 runs' train_seconds + eval_seconds (core-hours for runs at one BLAS thread)
SCALE_LABEL = "scale: quick, 8 configurations, eps in {0, 0.75}, 8 epochs"
NE = 2
array EPS[2]
EPS[1] = "0"
EPS[2] = "0.75"
NCONF = 8
TOPK = 3
SC_MIN = 78
SC_MAX = 89
PSC_1 = "p = 0.96 n.s."
PSC_2 = "p = 0.87 n.s."
array BLOCK_5C[2]
BLOCK_5C[1] = 0
BLOCK_5C[2] = 1
HOUT_N = 8
HOUT_BELOW = 0
HOUT_ABOVE = 0
HGRAD_N = 8
HGRAD_BELOW = 0
HGRAD_ABOVE = 0
EPS_HIST = "0.75"
BLOCK_5B_OUT = 2
BLOCK_5B_GRAD = 3
HIST_5B_LO = 0.96
HIST_5B_HI = 1
