#!/usr/bin/python3
"""Cross-check descent's torch-family optimizers against torch.optim.

For each method with a torch.optim counterpart, runs torch in float64
(foreach=False, the single-tensor path) and `build/descent run` with the same
spec from the same start for ITERS steps, and prints the largest relative
difference of the iterates over the whole trajectory:

    max_k ||x_k(descent) - x_k(torch)||_inf / ||x_k(torch)||_inf

and how many of the recorded iterates are bit-identical.

torch's CPU kernels round differently depending on the instruction set they
dispatch to: the generic kernels (ATEN_CPU_CAPABILITY=default) evaluate
add_(b, alpha=c) as a + c*b and addcmul_(b, c, value=v) as a + (v*b)*c, two
roundings each, which is what descent does (C11, no contraction); the AVX2
kernels fuse them (fma(c, b, a), fma(v*b, c, a)). addcdiv_ is a + (v*b)/c in
both. --capability picks which torch to compare with (default: the generic
kernels, where the trajectories should agree bit for bit).

Both sides step with the same gradient, bit for bit: torch's gradient is not
taken from autograd but computed in Python floats with the operations, in
the order, of the C problem (problems/quadratic.c with rotate=0,
problems/rosenbrock.c), so only the optimizers are compared.

Needs Debian's python3-torch (1.13.1) and a built build/descent. Run from
the repository root:
    scripts/torch_check.py [--iters N] [--descent PATH] [--capability default|avx2]
Exit status 1 when some method differs by more than --tol (default 1e-13).
"""
import argparse
import os
import subprocess
import sys
import tempfile

torch = None  # imported in main(), after ATEN_CPU_CAPABILITY is set

# quadratic:dim=3,rotate=0,kappa=100 (mu=1): A = diag(100, 50.5, 1), x* = 0.
QUAD = ("quadratic:dim=3,rotate=0,kappa=100", [1.0, -2.0, 0.5])
LAMBDA = [100.0, 100.0 - (100.0 - 1.0) * 0.5, 1.0]
ROSEN = ("rosenbrock:dim=3", [-1.2, 1.0, -1.2])


def grad_quadratic(x):
    return [(xi - 0.0) * li for xi, li in zip(x, LAMBDA)]


def grad_rosenbrock(x):
    n = len(x)
    g = [0.0] * n
    for i in range(n - 1):
        r = x[i + 1] - x[i] * x[i]
        s = 1.0 - x[i]
        g[i] += -400.0 * x[i] * r - 2.0 * s
        g[i + 1] += 200.0 * r
    return g


GRADS = {QUAD[0]: grad_quadratic, ROSEN[0]: grad_rosenbrock}

# (descent spec, torch constructor, problems). lr values for the Rosenbrock
# runs are small enough that every method stays in the valley.
CASES = [
    ("sgd:lr=0.0005", lambda p: torch.optim.SGD(p, lr=0.0005, foreach=False)),
    ("sgd:lr=0.0005,momentum=0.9", lambda p: torch.optim.SGD(p, lr=0.0005, momentum=0.9, foreach=False)),
    ("sgd:lr=0.0005,momentum=0.9,dampening=0.3,weight_decay=0.1",
     lambda p: torch.optim.SGD(p, lr=0.0005, momentum=0.9, dampening=0.3, weight_decay=0.1, foreach=False)),
    ("sgd:lr=0.0005,momentum=0.9,nesterov=1",
     lambda p: torch.optim.SGD(p, lr=0.0005, momentum=0.9, nesterov=True, foreach=False)),
    ("adam:lr=0.01", lambda p: torch.optim.Adam(p, lr=0.01, foreach=False)),
    ("adam:lr=0.01,beta1=0.8,beta2=0.99,eps=1e-6,weight_decay=0.1",
     lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, foreach=False)),
    ("adam:lr=0.01,amsgrad=1", lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True, foreach=False)),
    ("adamw:lr=0.01", lambda p: torch.optim.AdamW(p, lr=0.01, foreach=False)),
    ("adamw:lr=0.01,weight_decay=0.5,amsgrad=1",
     lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.5, amsgrad=True, foreach=False)),
    ("adagrad:lr=0.1", lambda p: torch.optim.Adagrad(p, lr=0.1, foreach=False)),
    ("adagrad:lr=0.1,lr_decay=0.01,weight_decay=0.1,initial_accumulator_value=0.5,eps=1e-6",
     lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.5,
                                   eps=1e-6, foreach=False)),
    ("rmsprop:lr=0.001", lambda p: torch.optim.RMSprop(p, lr=0.001, foreach=False)),
    ("rmsprop:lr=0.001,centered=1", lambda p: torch.optim.RMSprop(p, lr=0.001, centered=True, foreach=False)),
    ("rmsprop:lr=0.001,momentum=0.9,weight_decay=0.1",
     lambda p: torch.optim.RMSprop(p, lr=0.001, momentum=0.9, weight_decay=0.1, foreach=False)),
    ("rmsprop:lr=0.001,alpha=0.9,centered=1,momentum=0.5",
     lambda p: torch.optim.RMSprop(p, lr=0.001, alpha=0.9, centered=True, momentum=0.5, foreach=False)),
    ("nadam:lr=0.01", lambda p: torch.optim.NAdam(p, lr=0.01)),
    ("nadam:lr=0.01,weight_decay=0.1,momentum_decay=0.01",
     lambda p: torch.optim.NAdam(p, lr=0.01, weight_decay=0.1, momentum_decay=0.01)),
]


# Schedules that cycle the momentum as torch does by default
# (cycle_momentum=True): (descent optimizer, descent schedule, torch
# optimizer, torch scheduler). torch 1.13's CyclicLR cycles `momentum`
# only (SGD, RMSprop) and refuses the Adam family; OneCycleLR also cycles
# betas[0].
SCHED_CASES = [
    ("sgd:lr=0.0005", "cyclic:base_lr=0.0002,max_lr=0.001,step_size_up=15",
     lambda p: torch.optim.SGD(p, lr=0.0005, foreach=False),
     lambda o: S.CyclicLR(o, base_lr=0.0002, max_lr=0.001, step_size_up=15)),
    ("sgd:lr=0.0005,momentum=0.5,dampening=0.2", "cyclic:base_lr=0.0002,max_lr=0.001,step_size_up=10,mode=triangular2,base_momentum=0.6,max_momentum=0.95",
     lambda p: torch.optim.SGD(p, lr=0.0005, momentum=0.5, dampening=0.2, foreach=False),
     lambda o: S.CyclicLR(o, base_lr=0.0002, max_lr=0.001, step_size_up=10, mode="triangular2",
                          base_momentum=0.6, max_momentum=0.95)),
    ("rmsprop:lr=0.001", "cyclic:base_lr=0.0005,max_lr=0.002,step_size_up=20",
     lambda p: torch.optim.RMSprop(p, lr=0.001, foreach=False),
     lambda o: S.CyclicLR(o, base_lr=0.0005, max_lr=0.002, step_size_up=20)),
    ("sgd:lr=0.0005,nesterov=1,momentum=0.9", "onecycle:max_lr=0.001",
     lambda p: torch.optim.SGD(p, lr=0.0005, momentum=0.9, nesterov=True, foreach=False),
     lambda o: S.OneCycleLR(o, max_lr=0.001, total_steps=ITERS)),
    ("adam:lr=0.01", "onecycle:max_lr=0.02,three_phase=1",
     lambda p: torch.optim.Adam(p, lr=0.01, foreach=False),
     lambda o: S.OneCycleLR(o, max_lr=0.02, total_steps=ITERS, three_phase=True)),
    ("adamw:lr=0.01,amsgrad=1", "onecycle:max_lr=0.02,anneal_strategy=linear,base_momentum=0.7,max_momentum=0.9",
     lambda p: torch.optim.AdamW(p, lr=0.01, amsgrad=True, foreach=False),
     lambda o: S.OneCycleLR(o, max_lr=0.02, total_steps=ITERS, anneal_strategy="linear", base_momentum=0.7,
                            max_momentum=0.9)),
    ("nadam:lr=0.01", "onecycle:max_lr=0.02",
     lambda p: torch.optim.NAdam(p, lr=0.01),
     lambda o: S.OneCycleLR(o, max_lr=0.02, total_steps=ITERS)),
    ("rmsprop:lr=0.001,centered=1", "onecycle:max_lr=0.002,pct_start=0.4",
     lambda p: torch.optim.RMSprop(p, lr=0.001, centered=True, foreach=False),
     lambda o: S.OneCycleLR(o, max_lr=0.002, total_steps=ITERS, pct_start=0.4)),
]
ITERS = 200


def run_torch(make, problem, iters, make_sched=None):
    spec, x0 = problem
    grad = GRADS[spec]
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = make([x])
    sched = make_sched(opt) if make_sched else None
    traj = [list(x0)]
    for _ in range(iters):
        with torch.no_grad():
            g = grad(x.tolist())
        x.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        if sched:
            sched.step()
        traj.append(x.detach().tolist())
    return traj


def run_descent(exe, spec, problem, iters, tmp, schedule=None):
    pspec, x0 = problem
    out = os.path.join(tmp, "run.h5")
    subprocess.run([exe, "run", "--problem", pspec, "--optimizer", spec, "--iters", str(iters),
                    "--log-every", "1", "--x0", ",".join(repr(v) for v in x0), "--out", out]
                   + (["--schedule", schedule] if schedule else []),
                   check=True, stdout=subprocess.DEVNULL)
    text = subprocess.run([exe, "export", out, "--cols", "iter,x1,x2,x3"], check=True,
                          capture_output=True, text=True).stdout
    traj = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split()
        traj.append([float(c) for c in cols[1:]])
    return traj


def compare(a, b):
    worst, same = 0.0, 0
    for xa, xb in zip(a, b):
        diff = max(abs(u - v) for u, v in zip(xa, xb))
        scale = max(abs(v) for v in xb)
        if diff == 0.0:
            same += 1
        worst = max(worst, diff / scale if scale > 0 else diff)
    return worst, same


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--descent", default="build/descent")
    ap.add_argument("--tol", type=float, default=1e-13)
    ap.add_argument("--capability", default="default",
                    help="torch CPU kernels to compare with: default (generic) or avx2, avx512")
    args = ap.parse_args()
    os.environ["ATEN_CPU_CAPABILITY"] = args.capability
    global torch, S, ITERS
    import torch as torch_module
    from torch.optim import lr_scheduler
    torch = torch_module
    S = lr_scheduler
    ITERS = args.iters
    torch.set_default_dtype(torch.float64)
    print("torch %s (CPU kernels: %s), %d steps, max_k ||x_k - x_k(torch)||_inf / ||x_k(torch)||_inf, bit-identical iterates"
          % (torch.__version__, args.capability, args.iters))
    bad = 0
    cases = [(spec, None, make, None) for spec, make in CASES] + SCHED_CASES
    with tempfile.TemporaryDirectory() as tmp:
        for spec, sched, make, make_sched in cases:
            for problem in (QUAD, ROSEN):
                t = run_torch(make, problem, args.iters, make_sched)
                d = run_descent(args.descent, spec, problem, args.iters, tmp, sched)
                label = spec + " + " + sched if sched else spec
                if len(d) != len(t):
                    print("%-70s %-18s descent stopped after %d steps" % (label, problem[0].split(":")[0],
                                                                          len(d) - 1))
                    bad += 1
                    continue
                worst, same = compare(d, t)
                flag = "" if worst <= args.tol else "  <-- beyond %g" % args.tol
                bad += worst > args.tol
                print("%-70s %-10s %9.2e  %3d/%d%s" % (label, problem[0].split(":")[0], worst, same, len(t), flag))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
