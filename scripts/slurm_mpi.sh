#!/bin/bash
# A suite as one MPI job: one rank per node, OpenMP threads on each node's
# cores; rank 0 hands out runs on request (slow runs do not idle the rest)
# and writes the one result file and the tables.
#
#   make MPI=1                          # build-mpi/descent (OpenMPI)
#   sbatch scripts/slurm_mpi.sh suites/default.ini
#
# The file's trajectories are bit-identical to one `descent bench` on one
# machine. scancel (SIGTERM) stops the runs in progress and writes the file;
# submitting again with RESUME=1 finishes it.
#SBATCH --job-name=descent-mpi
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=16
#SBATCH --time=02:00:00
#SBATCH --output=logs/descent-mpi-%j.log
set -euo pipefail
SUITE=${1:?usage: sbatch scripts/slurm_mpi.sh SUITE.ini}
NAME=$(basename "$SUITE" .ini)
DESCENT=${DESCENT:-build-mpi/descent}
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
# Rank 0 runs one more thread than the others: it answers the other ranks
# between its own runs, and sleeps while there is nothing to answer.
mkdir -p results
# srun (PMIx) or mpirun both work; mpirun also outside Slurm.
mpirun --map-by ppr:1:node --bind-to none \
    "$DESCENT" bench "$SUITE" --out "results/$NAME.h5" --tables results ${RESUME:+--resume}
