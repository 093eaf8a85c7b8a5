/* fmnist.h: the Fashion-MNIST data set as the experiments use it (paper §4.1, (4.1.5)).
 * Locates the four IDX files (plain or .gz) in the data directory, loads a split, and checks what the IDX reader
 * cannot: 28x28 images, as many labels as images, labels 0..9. Pixels stay uint8; scaling to [0,1] and the
 * luminance shift are applied per batch by luminance.h. */
#ifndef INHIBNORM_FMNIST_H
#define INHIBNORM_FMNIST_H

#include <stddef.h>
#include <stdint.h>

#define FMNIST_SIDE 28
#define FMNIST_PIXELS (FMNIST_SIDE * FMNIST_SIDE)
#define FMNIST_CLASSES 10
#define FMNIST_DEFAULT_DIR "/usr/share/datasets/fashion-mnist"
#define FMNIST_LOCAL_DIR "data/fashion-mnist"

enum fmnist_split { FMNIST_TRAIN = 0, FMNIST_TEST = 1 };

struct fmnist {
	size_t n;
	uint8_t *pixels;  /* (n, 784), 0..255 */
	uint8_t *labels;  /* (n), 0..9 */
};

/* Class names in label order. */
extern const char *const fmnist_class_names[FMNIST_CLASSES];

/* Chooses the data directory: flag_dir if not NULL, else $INHIBNORM_DATA, else data/fashion-mnist if it exists,
 * else Debian's /usr/share/datasets/fashion-mnist. Returns a string that lives as long as its source. */
const char *fmnist_resolve_dir(const char *flag_dir);

/* Loads one split from dir. Returns INB_OK or INB_EDATA (err names the file and the fault). */
int fmnist_load(const char *dir, enum fmnist_split split, struct fmnist *out, char *err);

void fmnist_free(struct fmnist *ds);

#endif
