#!/usr/bin/env bash
# A large aisim sweep on Slurm: one array task per shard, then a merge job that runs when every task succeeded.
#
#   deploy/slurm-array.sh EXPERIMENT.yaml SHARDS [RESULTS_DIR]     # submits both jobs from a login node
#
# Each array task runs `aisim run EXPERIMENT --shard $SLURM_ARRAY_TASK_ID/SHARDS` (0-based, like --shard) into
# RESULTS_DIR/shard-I-of-N on shared storage; `aisim merge` then writes RESULTS_DIR/merged, byte-identical to a
# single `aisim run`. A requeued or resubmitted task resumes from the runs it had finished.
#SBATCH --job-name=aisim-shard
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=04:00:00
#SBATCH --output=%x-%A_%a.log
set -euo pipefail

if [[ -n "${SLURM_ARRAY_TASK_ID:-}" ]]; then
  # Inside an array task: run this task's shard.
  : "${AISIM_EXPERIMENT:?}" "${AISIM_SHARDS:?}" "${AISIM_RESULTS:?}"
  exec aisim run "$AISIM_EXPERIMENT" --shard "$SLURM_ARRAY_TASK_ID/$AISIM_SHARDS" \
    --workers "${SLURM_CPUS_PER_TASK:-1}" --out "$AISIM_RESULTS/shard-$SLURM_ARRAY_TASK_ID-of-$AISIM_SHARDS"
fi

if [[ $# -lt 2 ]]; then
  echo "usage: $0 EXPERIMENT.yaml SHARDS [RESULTS_DIR]" >&2
  exit 2
fi
experiment=$1
shards=$2
results=${3:-results/$(basename "$experiment" .yaml)-sweep}
mkdir -p "$results"
aisim validate "$experiment"   # bad input fails here, before anything is queued

export AISIM_EXPERIMENT=$experiment AISIM_SHARDS=$shards AISIM_RESULTS=$results
array=$(sbatch --parsable --export=ALL --array="0-$((shards - 1))" "$0")
# aisim merge exits 1 when a criterion fails: the results are still written; report it without failing the job.
merge=$(sbatch --parsable --dependency="afterok:$array" --job-name=aisim-merge --cpus-per-task=1 --mem=4G \
  --output="%x-%j.log" --wrap="aisim merge $results/shard-*-of-$shards --out $results/merged; s=\$?; [ \$s -le 1 ] || exit \$s")
echo "submitted shards as job $array and the merge as job $merge; results in $results/merged"
