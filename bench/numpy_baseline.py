#!/usr/bin/env python3
"""numpy baselines for rlhf-bounds (bench/run.sh runs them next to the Java side).

Modes (each prints one line "name seconds", timing only the named part unless it says "process"):
  ga STEPS         whole process: load instance.json, features.npy and sample.json, then STEPS steps
                   of Gradient Ascent w <- w + eta beta Sigma_S(w)(w* - w), eta = 1/L(D0)
  gradient REPS    the full empirical gradient at w_ref (median of REPS) and one streaming read of
                   the feature rows of the sample (sum), both on the loaded arrays
  sigma REPS       Sigma_S(0) as one matrix product C^T C of the centred, sqrt(weight)-scaled
                   candidate rows, and numpy.linalg.eigvalsh of it (medians of REPS)
"""
import json
import os
import sys
import time

import numpy as np


def load(directory):
    with open(os.path.join(directory, "instance.json")) as fh:
        inst = json.load(fh)
    with open(os.path.join(directory, "sample.json")) as fh:
        idx = np.asarray(json.load(fh)["indices"], dtype=np.int64)
    feats = np.load(os.path.join(directory, inst["features"]), mmap_mode=None)
    beta = float(inst["beta"])
    theta = np.asarray(inst["theta"], dtype=np.float64)
    wref = np.asarray(inst["wRef"], dtype=np.float64)
    return inst, feats, idx, beta, theta, wref


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    return p


def gradient(x, w, u):
    """Sigma_S(w) u, the mean over prompts of Cov_{pi_w}(phi) u; x has shape (n, K, d)."""
    p = softmax(x @ w)
    s = x @ u
    sbar = (p * s).sum(axis=1, keepdims=True)
    c = p * (s - sbar)
    return np.einsum("nk,nkd->d", c, x) / x.shape[0]


def main():
    mode, reps, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    t0 = time.perf_counter()
    inst, feats, idx, beta, theta, wref = load(directory)
    x = np.ascontiguousarray(feats[idx], dtype=np.float64)
    wstar = wref + theta / beta
    bound = float(inst["featureBound"])
    if mode == "ga":
        w = wref.copy()
        d0 = np.linalg.norm(w - wstar)
        eta = 1.0 / (beta * bound * bound * (1 + 2 * bound * d0))
        for _ in range(reps):
            g = gradient(x, w, beta * (wstar - w))
            w = w + eta * g
        print("ga_process %.6f" % (time.perf_counter() - t0))
        print("ga_final_distance %.17g" % np.linalg.norm(w - wstar), file=sys.stderr)
    elif mode == "gradient":
        times, reads = [], []
        u = beta * (wstar - wref)
        for _ in range(reps):
            t = time.perf_counter()
            gradient(x, wref, u)
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            x.sum()
            reads.append(time.perf_counter() - t)
        print("gradient %.6f" % np.median(times))
        print("read %.6f" % np.median(reads))
    elif mode == "sigma":
        prod, eig, eigv = [], [], []
        n, k, d = x.shape
        for _ in range(reps):
            t = time.perf_counter()
            c = (x - x.mean(axis=1, keepdims=True)) * np.sqrt(1.0 / (k * n))
            c = c.reshape(n * k, d)
            sigma = c.T @ c
            prod.append(time.perf_counter() - t)
            t = time.perf_counter()
            np.linalg.eigvalsh(sigma)
            eig.append(time.perf_counter() - t)
            t = time.perf_counter()
            np.linalg.eigh(sigma)
            eigv.append(time.perf_counter() - t)
        print("sigma %.6f" % np.median(prod))
        print("eigvalsh %.6f" % np.median(eig))
        print("eigh %.6f" % np.median(eigv))
    else:
        raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    main()
