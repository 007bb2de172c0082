#!/bin/bash
# A suite as a Slurm job array of N shards, then one dependent job that
# merges them and writes the tables. No MPI needed: each array task is an
# ordinary `descent bench --shard i/N` on one node's cores.
#
#   scripts/slurm_array.sh suites/default.ini 8        # submits both jobs
#
# Each shard writes results/<suite>.part<i>.h5; the merge writes
# results/<suite>.h5 and the tables, exactly what one `descent bench` on
# one machine writes (trajectories bit for bit). A task that ran out of
# time is finished by submitting the same command again: every shard
# resumes from its file (--resume keeps its complete runs).
# Cluster settings (partition, account, time) go in SBATCH_* variables or
# the #SBATCH lines of the two jobs below.
set -euo pipefail
SUITE=${1:?usage: scripts/slurm_array.sh SUITE.ini N}
N=${2:?usage: scripts/slurm_array.sh SUITE.ini N}
CPUS=${CPUS:-8}             # cores per shard: the OpenMP threads of each task
TIME=${TIME:-02:00:00}      # per shard
NAME=$(basename "$SUITE" .ini)
DESCENT=${DESCENT:-build/descent}
mkdir -p results logs

array=$(sbatch --parsable --job-name="$NAME" --array=1-"$N" --cpus-per-task="$CPUS" --time="$TIME" \
    --output="logs/$NAME-%a.log" --export=ALL,OMP_NUM_THREADS="$CPUS" <<EOS
#!/bin/bash
set -euo pipefail
exec "$DESCENT" bench "$SUITE" --shard \${SLURM_ARRAY_TASK_ID}/$N \\
    --out "results/$NAME.part\${SLURM_ARRAY_TASK_ID}.h5" --threads "$CPUS" --resume
EOS
)
parts=""
for i in $(seq 1 "$N"); do parts="$parts results/$NAME.part$i.h5"; done
# afterok: the merge runs only when every shard succeeded; merge itself
# refuses a part that is missing runs, so a bad part never makes a file.
sbatch --parsable --job-name="$NAME-merge" --dependency=afterok:"$array" --time=00:30:00 \
    --output="logs/$NAME-merge.log" <<EOS
#!/bin/bash
exec "$DESCENT" merge --out "results/$NAME.h5" --tables results$parts
EOS
echo "submitted array $array ($N shards of $SUITE) and its merge"
