# inhibnorm 4ac2bc4: labels of figure 6 (generated; loaded by figures/fig6.gp)
# provenance: inhibnorm 4ac2bc4, scale quick, summarised 2026-12-07T21:08:06Z
# provenance: cpu of the summarising machine (not necessarily the one that trained): AMD EPYC
# provenance: blas of the runs ('# blas:' lines): core=Zen threads=1 (80 runs)
# provenance: compute: 5435.6 s = 1.5099 h, the 80 runs' train_seconds + eval_seconds (core-hours for runs at one BLAS thread)
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
array BLOCK_6A[2]
BLOCK_6A[1] = 0
BLOCK_6A[2] = 2
array BLOCK_6A_LEFT_OUT[2]
BLOCK_6A_LEFT_OUT[1] = 1
BLOCK_6A_LEFT_OUT[2] = 3
HCENTER_N = 16
HCENTER_BELOW = 0
HCENTER_ABOVE = 0
HDECOR_N = 16
HDECOR_BELOW = 0
HDECOR_ABOVE = 0
HSCALE_N = 16
HSCALE_BELOW = 0
HSCALE_ABOVE = 0
array BLOCK_6B[3]
array LABEL_6B[3]
array HVAR_6B[3]
BLOCK_6B[1] = 4
LABEL_6B[1] = "center"
HVAR_6B[1] = "HCENTER"
BLOCK_6B[2] = 5
LABEL_6B[2] = "decorrelate"
HVAR_6B[2] = "HDECOR"
BLOCK_6B[3] = 6
LABEL_6B[3] = "scale"
HVAR_6B[3] = "HSCALE"
HIST_6B_LO = 0
HIST_6B_HI = 0.65
