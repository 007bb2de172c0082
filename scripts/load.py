#!/usr/bin/env python3
"""Load a descent result file (format version 2) into two pandas DataFrames.

    python3 scripts/load.py results/quick.h5

/runs has a row per run, /trajectory a row per record; trajectory.run is the
row of the run in /runs. Needs h5py and pandas (Debian: python3-h5py,
python3-pandas).
"""
import sys

import h5py
import pandas as pd


def load(path):
    """The runs and trajectory tables of a result file, strings decoded."""
    with h5py.File(path, "r") as f:
        if f.attrs.get("format_version") != 2:
            sys.exit(f"{path}: not a version 2 result file (run its command again to regenerate it)")
        runs = pd.DataFrame(f["runs"][()])
        trajectory = pd.DataFrame(f["trajectory"][()])
    for col in runs.columns[runs.dtypes == object]:
        runs[col] = runs[col].str.decode("utf-8")  # h5py reads variable-length strings in tables as bytes
    return runs, trajectory


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: load.py FILE.h5")
    runs, trajectory = load(sys.argv[1])
    print(f"{len(runs)} runs, {len(trajectory)} records")
    # every Adam run with lr <= 0.01 and its last record
    adam = runs[runs.optimizer.str.startswith("adam") & (runs.opt_lr <= 0.01)]
    last = trajectory.groupby("run").tail(1).set_index("run")
    print(adam[["problem", "optimizer", "seed", "status"]].join(last[["iter", "f_gap"]]).head(10).to_string())


if __name__ == "__main__":
    main()
