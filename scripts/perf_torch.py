#!/usr/bin/python3
"""torch.optim timings for `make perf`: the same problems and steps as
descent's side of the comparison, float64, one thread.

A step is what a torch user runs: zero_grad, the loss, backward (autograd),
optimizer.step(). Prints one line per case:
    CASE OPTIMIZER SECONDS_PER_STEP
where the seconds are the median over repeats of (time of STEPS steps)/STEPS.
descent perf --torch FILE reads these lines and measures its own side in the
same `make perf` run. Needs Debian's python3-torch; run from the repository
root.
"""
import csv
import os
import statistics
import sys
import time

# One thread everywhere: torch's own pool and the BLAS under it (Debian's
# torch calls OpenBLAS, whose threads torch.set_num_threads does not govern).
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"
import torch  # noqa: E402

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def breast_cancer():
    """data/breast_cancer.csv as descent's logreg reads it: features
    standardized (population variance), labels 0/1 -> -1/+1, lambda 1e-3."""
    with open("data/breast_cancer.csv") as f:
        rows = list(csv.reader(f))[1:]
    data = torch.tensor([[float(v) for v in r] for r in rows])
    X, y = data[:, :-1], data[:, -1]
    X = (X - X.mean(0)) / X.std(0, unbiased=False)
    y = torch.where(y > 0.5, 1.0, -1.0)

    def loss(w):
        return torch.nn.functional.softplus(-y * (X @ w)).mean() + 0.5e-3 * (w @ w)
    return X.shape[1], loss


def lstsq_large():
    """A 20000 x 500 least-squares problem, (1/2n)||Xw - b||^2 (the time per
    step does not depend on the data's values)."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(20000, 500, generator=g)
    b = torch.randn(20000, generator=g)

    def loss(w):
        r = X @ w - b
        return 0.5 * (r @ r) / X.shape[0]
    return X.shape[1], loss


def time_steps(dim, loss, make_opt, steps, repeats):
    times = []
    for _ in range(repeats):
        w = torch.zeros(dim, requires_grad=True)
        opt = make_opt([w])
        t0 = time.perf_counter()
        for _ in range(steps):
            opt.zero_grad()
            loss(w).backward()
            opt.step()
        times.append((time.perf_counter() - t0) / steps)
    return statistics.median(times)


def main():
    cases = [("breast_cancer", breast_cancer, 2000, 7), ("lstsq_large", lstsq_large, 40, 5)]
    opts = [("adam", lambda p: torch.optim.Adam(p, lr=0.01, foreach=False)),
            ("sgd_momentum", lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, foreach=False))]
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, float64")
    for name, make, steps, repeats in cases:
        dim, loss = make()
        for oname, make_opt in opts:
            s = time_steps(dim, loss, make_opt, steps, repeats)
            print(f"{name} {oname} {s:.9e}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
