nmodels = 7
legends = "MLP|LayerNorm|BatchNorm|DANN|DANN nc|DANN 1i|ColumnEi"
scale_label = "scale: paper (6 seeds, --epochs 50)"
test_ymax = 35
