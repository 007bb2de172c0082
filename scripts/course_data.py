#!/usr/bin/env python3
"""Write the course's synthetic regression data sets to data/.

The course material draw them with numpy (np.random.seed(42); X = randn(N, d);
y = X @ theta + noise * randn(N)), whose stream cannot be reproduced in C.
These files have the same shape and distribution, drawn with Python's
random.Random(seed).gauss (Mersenne Twister, stable across Python versions),
row by row: the d features, then the noise.

  course_regression.csv  N=500,  d=3, theta=(1,-2,0.5),           noise 0.1
                         (the batch / mini-batch / SGD comparison)
  course_trainer.csv     N=1000, d=5, theta=(1,-2,0.5,0.3,-1.5),  noise 0.5
                         (the SGD + momentum + cosine + clipping trainer)

Use them with lstsq:data=NAME,standardize=0,mse=1 (raw features, no
intercept, the seeds' MSE). Usage: scripts/course_data.py [DIR] (default data).
"""
import random
import sys

SETS = [
    ("course_regression.csv", 500, [1.0, -2.0, 0.5], 0.1, 42),
    ("course_trainer.csv", 1000, [1.0, -2.0, 0.5, 0.3, -1.5], 0.5, 42),
]


def write(path, n, theta, noise, seed):
    rng = random.Random(seed)
    d = len(theta)
    with open(path, "w") as out:
        out.write(",".join([f"x{j + 1}" for j in range(d)] + ["y"]) + "\n")
        for _ in range(n):
            x = [rng.gauss(0.0, 1.0) for _ in range(d)]
            y = sum(a * t for a, t in zip(x, theta)) + noise * rng.gauss(0.0, 1.0)
            out.write(",".join(repr(v) for v in x + [y]) + "\n")


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else "data"
    for name, n, theta, noise, seed in SETS:
        write(f"{outdir}/{name}", n, theta, noise, seed)


if __name__ == "__main__":
    main()
