/* gradnorm.h: transformations of a back-propagated error vector (paper §2.3-2.5: (2.3.2), (2.4.1)-(2.4.3), (2.5.1);
 * (4.7.18)). LN's backward pass (Eq. 2) does three things to the error g of a layer with normalised activity z: it
 * divides by sigma (scale), removes the mean (center) and removes the projection on z (decorrelate). "GradNorm"
 * applies them to an I-Norm layer's error, whose forward pass is left as it is; each part can be applied alone.
 * Lateral inhibition replaces the exact mean by the error pooled with fixed random positive weights nu (sum 1).
 * Per sample, with n units, s_z = sqrt(var_k(z) + 1e-5) (biased variance) and z used as it is (not re-centred):
 *     full          g' = (g - mean(g) - z (sum_j g_j z_j) / n) / s_z                       (2.3.2)
 *     center        g' = g - mean(g)                                                       (2.4.1)
 *     scale         g' = g / s_z                                                           (2.4.2)
 *     decorrelate   g' = g - z (sum_j g_j z_j) / n                                         (2.4.3)
 *     lateral       g' = g - sum_j nu_j g_j                                                (2.5.1) */
#ifndef INHIBNORM_GRADNORM_H
#define INHIBNORM_GRADNORM_H

#include "core/common.h"

#include <stddef.h>

enum gradnorm_mode { GN_OFF = 0, GN_FULL, GN_CENTER, GN_SCALE, GN_DECORRELATE, GN_LATERAL };

/* Name of a mode as used in model ids ("off", "full", "center", "scale", "decorrelate", "lateral"). */
const char *gradnorm_name(enum gradnorm_mode m);

/* One sample: out (n) = mode(g (n); z (n), nu (n, only read for GN_LATERAL)). out may alias g. */
void gradnorm_backward(enum gradnorm_mode m, size_t n, const real *g, const real *z, const real *nu, real *out);

#endif
