# inhibnorm 4ac2bc4: labels of figure 2 (generated; loaded by figures/fig2.gp)
# provenance: inhibnorm 4ac2bc4, scale quick, summarised 2026-12-07T21:08:06Z
# provenance: cpu of the summarising machine (not necessarily the one that trained): AMD EPYC
# provenance: blas of the runs ('# blas:' lines): core=Zen threads=1 (48 runs)
# provenance: compute: 2345.4 s = 0.6515 h, the 48 runs' train_seconds + eval_seconds (core-hours for runs at one BLAS thread)
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
array BLOCK_2A[2]
BLOCK_2A[1] = 0
BLOCK_2A[2] = 1
P2B = "p = 0.18 n.s."
BLOCK_2B = 2
BLOCK_2B_VALUES = 3
