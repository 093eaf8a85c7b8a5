# inhibnorm 4ac2bc4: labels of figure 7 (generated; loaded by figures/fig7.gp)
# provenance: inhibnorm 4ac2bc4, scale quick, summarised 2026-12-07T21:08:06Z
# provenance: cpu of the summarising machine (not necessarily the one that trained): AMD EPYC
# provenance: blas of the runs ('# blas:' lines): core=Zen threads=1 (64 runs)
# provenance: compute: 4549.5 s = 1.2638 h, the 64 runs' train_seconds + eval_seconds (core-hours for runs at one BLAS thread)
SCALE_LABEL = "scale: quick, 8 configurations, eps in {0, 0.75}, 8 epochs"
NE = 2
array EPS[2]
EPS[1] = "0"
EPS[2] = "0.75"
NCONF = 8
TOPK = 3
NM = 3
array LNMED[2]
array PV[6]
array LABEL[3]
LABEL[1] = "lat. inhib."
LABEL[2] = "center"
LABEL[3] = "full"
LNMED[1] = 86.375
PV[1] = "p = 0.1 n.s."
PV[2] = "p = 0.1 n.s."
PV[3] = "p = 0.96 n.s."
LNMED[2] = 81.84
PV[4] = "p = 0.13 n.s."
PV[5] = "p = 0.11 n.s."
PV[6] = "p = 0.87 n.s."
array BLOCK_7B[2]
BLOCK_7B[1] = 0
BLOCK_7B[2] = 2
array BLOCK_7B_LEFT_OUT[2]
BLOCK_7B_LEFT_OUT[1] = 1
BLOCK_7B_LEFT_OUT[2] = 3
