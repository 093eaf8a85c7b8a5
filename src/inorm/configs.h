/* configs.h: the 30 hyper-parameter configurations of the published sweep (paper §4.4, Table 1; (4.4.3), (4.7.20)),
 * built in verbatim from the authors' stored list (entries 0-29). Each gives the width and three learning rates:
 * eta_exc for W^EE and biases, eta_wei for W^EI, eta_wix for W^IE (and the divisive U^IE of I-Norm layers). */
#ifndef INHIBNORM_CONFIGS_H
#define INHIBNORM_CONFIGS_H

#define CONFIG_COUNT 30

struct config {
	double lr;      /* eta_exc */
	double lr_wei;  /* eta_wei */
	double lr_wix;  /* eta_wix */
	long width;     /* hidden width w */
};

extern const struct config configs[CONFIG_COUNT];

#endif
