#!/usr/bin/env python3
"""Time loading a result file with h5py into pandas, against the old layout.

    python3 scripts/perf_load.py NEW.h5 > timings.txt

Writes a copy of NEW.h5 in the version 1 layout (a group per run under
/runs, attributes as 1-element arrays and fixed-length strings, one dataset
per trace column) next to it, then times, alternated, loading each into a
runs DataFrame and a trajectory DataFrame as a user would: two reads of
tables for the new layout, a walk over the groups for the old. Prints
`new SECONDS`, `old SECONDS` (medians), `runs N`, `records N`.
"""
import statistics
import sys
import time

import h5py
import numpy as np
import pandas as pd

TRACE = ["iter", "f", "f_gap", "grad_norm", "lr", "grad_evals", "epochs", "dist"]


def write_old(src, dst):
    with h5py.File(src, "r") as f, h5py.File(dst, "w") as g:
        runs = f["runs"][()]
        traj = f["trajectory"][()]
        g.attrs["version"] = np.bytes_("descent-h5 1")
        grp = g.create_group("runs")
        for row in runs:
            r = grp.create_group("%016x" % row["id"])
            for name in runs.dtype.names:
                if name in ("start", "count", "xdim", "x_final_start") or name.startswith(("opt_", "sched_")):
                    continue
                v = row[name]
                if isinstance(v, bytes):
                    r.attrs[name] = np.bytes_(v)
                else:
                    r.attrs[name] = np.array([v])
            rows = traj[row["start"]:row["start"] + row["count"]]
            for col in TRACE:
                r.create_dataset(col, data=rows[col], chunks=True if len(rows) else None,
                                 fletcher32=bool(len(rows)))


def load_new(path):
    with h5py.File(path, "r") as f:
        return pd.DataFrame(f["runs"][()]), pd.DataFrame(f["trajectory"][()])


def load_old(path):
    rows, traces = [], []
    with h5py.File(path, "r") as f:
        for k, (name, g) in enumerate(f["runs"].items()):
            rows.append({a: (v[0] if isinstance(v, np.ndarray) else v) for a, v in g.attrs.items()})
            t = pd.DataFrame({c: g[c][()] for c in TRACE})
            t.insert(0, "run", k)
            traces.append(t)
    return pd.DataFrame(rows), pd.concat(traces, ignore_index=True)


def main():
    new = sys.argv[1]
    old = new + ".v1.h5"
    write_old(new, old)
    tn, to = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        runs, traj = load_new(new)
        tn.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        runs_old, traj_old = load_old(old)
        to.append(time.perf_counter() - t0)
    assert len(runs) == len(runs_old) and len(traj) == len(traj_old)
    print("new %.4f" % statistics.median(tn))
    print("old %.4f" % statistics.median(to))
    print("runs %d" % len(runs))
    print("records %d" % len(traj))


if __name__ == "__main__":
    main()
