# DANN paper Figure 2 procedure, scale quick: the figure's labels
# provenance: inhibnorm 5892bc3, scale quick, summarised 2026-12-08T01:05:16Z
# provenance: cpu of the summarising machine (not necessarily the one that trained): AMD EPYC
# provenance: blas of the runs ('# blas:' lines): core=Haswell threads=1 (3 runs)
# provenance: compute: 474.6 s = 0.1318 h, the 3 runs' train_seconds + eval_seconds (core-hours for runs at one BLAS thread)
scale_label = "Figure 2 procedure on Fashion-MNIST (the paper used MNIST), d-NGD, scale quick: 3 seeds, --epochs 5; trailing mean over 500 updates"
window = 500
updates_per_epoch = 240
seeds = 3
