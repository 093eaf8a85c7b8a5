nmodels = 7
legends = "MLP|LayerNorm|BatchNorm|DANN|DANN nc|DANN 1i|ColumnEi"
scale_label = "scale: quick (3 seeds, --epochs 1)"
test_ymax = 100
