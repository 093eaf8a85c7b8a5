/* luminance.h: the luminance-shift task (paper §2.1, §4.1: (4.1.1)-(4.1.4); (4.7.1)).
 * Pixels are scaled to [0,1]; each image gets one shift delta = (2u - 1) * eps with u ~ U[0,1), added to all of its
 * pixels, and the result is clamped to [0,1]. Shifts are drawn afresh for every epoch and split from a stream keyed
 * by (seed, epoch, split) only, and are indexed by image, so every model of a configuration sees the same shifted
 * images in every epoch, shuffled or not. */
#ifndef INHIBNORM_LUMINANCE_H
#define INHIBNORM_LUMINANCE_H

#include "core/common.h"

#include <stddef.h>
#include <stdint.h>

/* Which pass the shifts are for: the training batches, the evaluation pass over the training set after each epoch,
 * and the evaluation pass over the test set ((4.1.4): each draws its own shifts). */
enum luminance_split { LUM_TRAIN = 0, LUM_TEST = 1, LUM_TRAIN_EVAL = 2 };

/* Fills delta (n) with the shifts of (seed, epoch, split). Returns INB_OK, INB_EUSAGE when eps is outside [0,1] or
 * not a number, INB_EINTERNAL when out of memory. */
int luminance_draw(real *delta, size_t n, double eps, unsigned long seed, unsigned long epoch,
		   enum luminance_split split, char *err);

/* Builds count input rows: x[r, p] = clamp(pixels[i_r, p] / 255 + delta[i_r], 0, 1) with i_r = index[r] (or
 * first + r when index is NULL). x is (count, 784); pixels (n, 784); delta (n) or NULL for no shift. */
void luminance_batch(real *x, const uint8_t *pixels, const real *delta, const size_t *index, size_t first,
		     size_t count);

#endif
