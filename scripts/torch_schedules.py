#!/usr/bin/python3
"""Cross-check every torch-backed schedule of `descent` against
torch.optim.lr_scheduler (Debian's python3-torch), step by step.

    /usr/bin/python3 scripts/torch_schedules.py [build/descent]

For each case, torch's rate after t calls of scheduler.step() is compared
with the `lr` column that `descent run --log-every 1` records for step t,
and the largest relative difference is printed. Not part of `make test`:
it needs torch, which the test suite does not."""
import math
import os
import subprocess
import sys
import tempfile

import torch
from torch.optim import lr_scheduler as S

DESCENT = sys.argv[1] if len(sys.argv) > 1 else "build/descent"
LR = 0.01
N = 300

# (our schedule spec, a function building torch's scheduler)
CASES = [
    ("step:step_size=7,gamma=0.5", lambda o: S.StepLR(o, step_size=7, gamma=0.5)),
    ("multistep:milestones=0;30;60;90,gamma=0.3", lambda o: S.MultiStepLR(o, [0, 30, 60, 90], gamma=0.3)),
    ("exponential:gamma=0.97", lambda o: S.ExponentialLR(o, gamma=0.97)),
    ("cosine:T_max=100,eta_min=1e-4", lambda o: S.CosineAnnealingLR(o, T_max=100, eta_min=1e-4)),
    ("cosine", lambda o: S.CosineAnnealingLR(o, T_max=N)),
    ("cosine:T_max=7", lambda o: S.CosineAnnealingLR(o, T_max=7)),
    ("cosine_restarts:T_0=10,T_mult=2,eta_min=1e-5",
     lambda o: S.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=2, eta_min=1e-5)),
    ("cosine_restarts:T_0=13", lambda o: S.CosineAnnealingWarmRestarts(o, T_0=13)),
    ("onecycle", lambda o: S.OneCycleLR(o, max_lr=LR, total_steps=N, cycle_momentum=False)),
    ("onecycle:max_lr=0.05,total_steps=300,pct_start=0.25,anneal_strategy=linear,three_phase=1",
     lambda o: S.OneCycleLR(o, max_lr=0.05, total_steps=N, pct_start=0.25, anneal_strategy="linear",
                            three_phase=True, cycle_momentum=False)),
    ("onecycle:total_steps=300,div_factor=10,final_div_factor=100,three_phase=1",
     lambda o: S.OneCycleLR(o, max_lr=LR, total_steps=N, div_factor=10, final_div_factor=100,
                            three_phase=True, cycle_momentum=False)),
    ("cyclic:max_lr=0.04,step_size_up=20,step_size_down=30",
     lambda o: S.CyclicLR(o, base_lr=LR, max_lr=0.04, step_size_up=20, step_size_down=30,
                          cycle_momentum=False)),
    ("cyclic:max_lr=0.04,step_size_up=25,mode=triangular2",
     lambda o: S.CyclicLR(o, base_lr=LR, max_lr=0.04, step_size_up=25, mode="triangular2",
                          cycle_momentum=False)),
    ("cyclic:base_lr=0.001,max_lr=0.04,step_size_up=15,mode=exp_range,gamma=0.99",
     lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.04, step_size_up=15, mode="exp_range", gamma=0.99,
                          cycle_momentum=False)),
    ("linear:start_factor=0.25,end_factor=0.9,total_iters=50",
     lambda o: S.LinearLR(o, start_factor=0.25, end_factor=0.9, total_iters=50)),
    ("linear", lambda o: S.LinearLR(o, total_iters=N)),
    ("polynomial:total_iters=80,power=2.5", lambda o: S.PolynomialLR(o, total_iters=80, power=2.5)),
    ("polynomial", lambda o: S.PolynomialLR(o, total_iters=N)),
]


def torch_rates(build):
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=LR)
    sched = build(opt)
    out = []
    for _ in range(N):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


def our_rates(spec, tmp):
    h5 = os.path.join(tmp, "s.h5")
    subprocess.run([DESCENT, "run", "--problem", "quadratic:dim=1", "--optimizer", "sgd:lr=%r" % LR,
                    "--schedule", spec, "--iters", str(N), "--log-every", "1", "--out", h5],
                   check=True, stdout=subprocess.DEVNULL)
    text = subprocess.run([DESCENT, "export", h5, "--cols", "iter,lr"], check=True,
                          capture_output=True, text=True).stdout
    rates = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            t, lr = line.split()
            rates[int(float(t))] = float(lr)
    return [rates[t] for t in range(N)]


def main():
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for spec, build in CASES:
            a, b = torch_rates(build), our_rates(spec, tmp)
            rel = max(abs(x - y) / abs(x) if x else abs(y) for x, y in zip(a, b))
            exact = sum(x == y for x, y in zip(a, b))
            worst = max(worst, rel)
            print("%-95s max rel diff %.3g, %d/%d steps bit-identical" % (spec, rel, exact, N))
    print("worst relative difference: %.3g (torch %s)" % (worst, torch.__version__))
    return 0 if worst <= 1e-15 else 1


if __name__ == "__main__":
    sys.exit(main())
