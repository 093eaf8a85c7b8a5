# inhibnorm 4ac2bc4: labels of figure 3 (generated; loaded by figures/fig3.gp)
# provenance: inhibnorm 4ac2bc4, scale quick, summarised 2026-12-07T21:08:06Z
# provenance: cpu of the summarising machine (not necessarily the one that trained): AMD EPYC
# provenance: blas of the runs ('# blas:' lines): core=Zen threads=1 (48 runs)
# provenance: compute: 1724.8 s = 0.4791 h, the 48 runs' train_seconds + eval_seconds (core-hours for runs at one BLAS thread)
SCALE_LABEL = "scale: quick, 8 configurations, eps in {0, 0.75}, 8 epochs"
NE = 2
array EPS[2]
EPS[1] = "0"
EPS[2] = "0.75"
NCONF = 8
TOPK = 3
BLOCK_3B_FIRST = 0
BLOCK_3B_SECOND = 1
