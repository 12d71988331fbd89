#!/usr/bin/env bash
# CI entry point for the testcontainers path of the test stack:
#   install dockerd -> start a private dockerd -> build the local images -> vitest (STACK=containers).
#
#   scripts/ci/containers/run-subset.sh [vitest file filters...]
#
# Exits with vitest's exit code. If the Docker daemon cannot start it prints one line and exits 1:
# it never falls back to another stack silently. The daemon (and any container left) is stopped on
# every exit path, including failure, Ctrl-C and kill (SIGTERM).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "$HERE/../../.." && pwd)"
log() { echo "[run-subset] $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

VITEST_PID=""
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if [[ -n "$VITEST_PID" ]] && kill -0 "$VITEST_PID" 2>/dev/null; then
    kill -TERM "$VITEST_PID" 2>/dev/null || true
    # Give vitest's teardown a moment to stop its containers; dockerd.sh stop removes the rest.
    for _ in $(seq 1 100); do kill -0 "$VITEST_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$VITEST_PID" 2>/dev/null || true
  fi
  "$HERE/dockerd.sh" stop || log "stopping the private dockerd failed"
  exit "$code"
}
trap cleanup EXIT
# Turn signals into a normal exit so the EXIT trap runs (128 + signal number, as a shell would).
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

t0="$(now)"
# One run at a time per daemon directory: a second run would share (and then stop) our daemon.
LOCK="${JOBCONT_DOCKERD_DIR:-/tmp/jobcont-dockerd}.lock"
exec 9>"$LOCK"
if ! flock -w "${JOBCONT_LOCK_WAIT:-900}" 9; then
  echo "run-subset: cannot run the containers stack: another run still holds $LOCK" >&2
  exit 1
fi

if ! "$HERE/install-docker.sh"; then
  echo "run-subset: cannot run the containers stack: installing docker.io failed" >&2
  exit 1
fi

t="$(now)"
# dockerd.sh prints DOCKER_HOST=... on success, or one line saying why on stderr.
# 9>&-: the daemon must not inherit the lock (a daemon left by a killed run would hold it).
if ! dockerd_out="$("$HERE/dockerd.sh" start 9>&-)"; then
  exit 1
fi
[[ "$dockerd_out" == DOCKER_HOST=* ]] || { echo "run-subset: unexpected dockerd.sh output: $dockerd_out" >&2; exit 1; }
export DOCKER_HOST="${dockerd_out#DOCKER_HOST=}"
log "dockerd ready in $(since "$t") ($DOCKER_HOST)"

t="$(now)"
"$HERE/build-images.sh" >&2
log "images ready in $(since "$t")"

cd "$PROJECT_ROOT"
# Ryuk's image cannot be pulled here; the stack's own reaper and dockerd.sh stop clean up instead.
# vitest runs in the background so a signal to this script is handled at once (wait returns).
# npx --no: use the project's vitest, never download one.
STACK=containers TESTCONTAINERS_RYUK_DISABLED=true DOCKER_HOST="$DOCKER_HOST" npx --no -- vitest run "$@" 9>&- &
VITEST_PID=$!
set +e
wait "$VITEST_PID"
code=$?
set -e
VITEST_PID=""
log "vitest exited with code $code after $(since "$t0") in total"
exit "$code"
