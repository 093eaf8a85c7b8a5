# corner.gp: prints the scale of the sweep (SCALE_LABEL, from the summary's vars file) small in the lower right
# corner of the canvas. Loaded by every sweep figure after its vars file.
set label 999 SCALE_LABEL at screen 0.995, 0.012 right font ",9" tc rgb "#777777" front noenhanced
