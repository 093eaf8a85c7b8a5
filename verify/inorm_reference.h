/* inorm_reference.h: the long-way reference of test_inorm.c (see inorm_reference.c). Sizes of the tiny network:
 * REF_NIN inputs, REF_W units per hidden layer, REF_NOUT outputs, batches of REF_B (the .c files that use them
 * alias them to short names after their includes). */
#ifndef INHIBNORM_INORM_REFERENCE_H
#define INHIBNORM_INORM_REFERENCE_H

#include "inorm/gradnorm.h"
#include "inorm/net.h"

#define REF_NIN 7
#define REF_W 6
#define REF_NOUT 3
#define REF_B 4

/* One GradNorm mode applied to g (REF_W) at z (REF_W), nu for GN_LATERAL: the formulas (2.3.2), (2.4.1)-(2.4.3),
 * (2.5.1) written out. */
void ref_mode(enum gradnorm_mode m, const double *g, const double *z, const real *nu, double *out);

/* One training step of n on x (REF_B, REF_NIN) with labels lab (REF_B), computed with naive loops; the parameters after the
 * step go to newp (n->nparams), n itself is not changed. */
void ref_step(const struct net *n, const real *x, const uint8_t *lab, real *newp);

#endif
