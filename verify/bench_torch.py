"""bench_torch.py: the EI network's training step in PyTorch, timed for `inhibnorm bench` in the same run.

The network and step are the ones `inhibnorm train --model ei` runs (paper 2.1, 4.3-4.4): 784 -> w -> w -> 10, each
layer S = X W_ex^T - (X W_ix^T) W_ei^T + b with n_i = max(1, floor(w / 10)) inhibitory units in the hidden layers
and 1 in the output layer, ReLU on the hidden layers, cross-entropy with label smoothing 0.1, plain SGD with the
three learning rates of configuration 13, then every weight projected onto >= 0. Each step also builds its batch of
32 shifted images from the raw pixels, as ours does. PyTorch runs on one thread, as each of our runs does.

Prints one line, "seconds_per_step <float>": CPU seconds of this process per step (one thread: the wall time on an
idle core), the best of 5 chunks of --steps steps in all, after 50 warm-up steps.
Exit codes: 0 ok, 2 usage, 3 data files missing or malformed, 5 PyTorch or NumPy not installed.
"""
import argparse
import gzip
import math
import os
import struct
import sys
import time


def load_images(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic, n, rows, cols = struct.unpack(">IIII", raw[:16])
    if magic != 0x803 or rows * cols != 784 or len(raw) != 16 + n * 784:
        raise ValueError(f"{path}: not an IDX file of 28x28 images")
    return raw[16:], n


def load_labels(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic, n = struct.unpack(">II", raw[:8])
    if magic != 0x801 or len(raw) != 8 + n:
        raise ValueError(f"{path}: not an IDX file of labels")
    return raw[8:], n


def find(data, stem):
    for name in (stem + ".gz", stem):
        p = os.path.join(data, name)
        if os.path.exists(p):
            return p
    raise ValueError(f"{data}: no {stem}(.gz)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--width", type=int, required=True)
    ap.add_argument("--steps", type=int, default=1875)
    ap.add_argument("--data", required=True)
    a = ap.parse_args()
    if a.width < 2 or a.steps < 1:
        print("bench_torch.py: --width must be >= 2 and --steps >= 1", file=sys.stderr)
        return 2
    try:
        import numpy as np
        import torch
    except ImportError as e:
        print(f"bench_torch.py: {e.name} is not installed (Debian: python3-torch)", file=sys.stderr)
        return 5
    try:
        pix, n = load_images(find(a.data, "train-images-idx3-ubyte"))
        lab, nl = load_labels(find(a.data, "train-labels-idx1-ubyte"))
    except (OSError, ValueError) as e:
        print(f"bench_torch.py: {e}", file=sys.stderr)
        return 3
    if n != nl:
        print("bench_torch.py: image and label counts differ", file=sys.stderr)
        return 3

    torch.set_num_threads(1)
    torch.manual_seed(0)
    pixels = torch.from_numpy(np.frombuffer(pix, dtype=np.uint8).reshape(n, 784).copy())
    labels = torch.from_numpy(np.frombuffer(lab, dtype=np.uint8).astype(np.int64))
    delta = (torch.rand(n) * 2 - 1) * 0.75

    lr, lr_wix, lr_wei = 0.00980991793709362, 0.6464653294699928, 0.002948846186821904  # configuration 13
    w = a.width
    ni = max(1, w // 10)
    dims = [(784, w, ni), (w, w, ni), (w, 10, 1)]
    layers = []
    for d, ne, nk in dims:
        sigma = math.sqrt(2.0 * ne / (d * (ne - 1)))
        wex = torch.empty(ne, d).exponential_(1 / sigma)
        wei = torch.empty(ne, nk).exponential_(1 / sigma)
        wei /= wei.sum(1, keepdim=True)
        wix = wex.mean(0, keepdim=True).repeat(nk, 1)
        b = torch.zeros(ne)
        layers.append([t.requires_grad_() for t in (wex, wix, wei, b)])
    # parameter groups as the optimiser sees them: (learning rate, projected onto >= 0, tensors)
    groups = [(lr, True, [L[0] for L in layers]), (lr_wix, True, [L[1] for L in layers]),
              (lr_wei, True, [L[2] for L in layers]), (lr, False, [L[3] for L in layers])]
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=0.1)
    nb = n // 32

    def step(s):
        i0 = (s % nb) * 32
        x = torch.clamp(pixels[i0:i0 + 32].float() / 255 + delta[i0:i0 + 32, None], 0, 1)
        h = x
        for k, (wex, wix, wei, b) in enumerate(layers):
            h = torch.addmm(b, h, wex.t()) - (h @ wix.t()) @ wei.t()
            if k < 2:
                h = torch.relu(h)
        loss = loss_fn(h, labels[i0:i0 + 32])
        loss.backward()
        with torch.no_grad():
            for rate, nonneg, ps in groups:
                torch._foreach_add_(ps, [p.grad for p in ps], alpha=-rate)
                for p in ps:
                    if nonneg:
                        p.clamp_(min=0)
                    p.grad = None

    for s in range(50):
        step(s)
    # the best of 5 chunks of steps, as `inhibnorm bench` times its own steps
    chunk = max(1, a.steps // 5)
    best = float("inf")
    done = 0
    while done < a.steps:
        n = min(chunk, a.steps - done)
        t0 = time.process_time()
        for s in range(done, done + n):
            step(s)
        best = min(best, (time.process_time() - t0) / n)
        done += n
    print(f"seconds_per_step {best:.9g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
