#!/usr/bin/env bash
# Private Docker daemon for one CI run of the testcontainers stack.
#
#   dockerd.sh start   -> starts it, prints DOCKER_HOST=unix://... on stdout (nothing else)
#   dockerd.sh stop    -> removes its containers, stops it, waits for it to exit
#   dockerd.sh purge   -> stop, then delete its data (images are cached there between runs)
#
# Everything (data root, exec root, pidfile, socket, config, log) lives under JOBCONT_DOCKERD_DIR,
# and containers use a bridge of our own, so it never touches /var/run/docker.sock, docker0 or
# /etc/docker. No registry is reachable here: images come from build-images.sh.
# Overrides: JOBCONT_DOCKERD_DIR, JOBCONT_BRIDGE, JOBCONT_BRIDGE_CIDR, JOBCONT_STORAGE_DRIVER
# (auto|overlay2|vfs), JOBCONT_DOCKERD_TIMEOUT (seconds to wait for `docker info`).
set -euo pipefail

BASE="${JOBCONT_DOCKERD_DIR:-/tmp/jobcont-dockerd}"
BRIDGE="${JOBCONT_BRIDGE:-jobcont0}"
# -p publishing goes through docker-proxy to the container's address on this bridge.
BRIDGE_CIDR="${JOBCONT_BRIDGE_CIDR:-10.213.77.1/24}"
START_TIMEOUT_S="${JOBCONT_DOCKERD_TIMEOUT:-30}"
STORAGE_DRIVER="${JOBCONT_STORAGE_DRIVER:-auto}"   # auto = overlay2 if the kernel has overlayfs, else vfs

SOCK="$BASE/docker.sock"
PIDFILE="$BASE/dockerd.pid"
LOG="$BASE/dockerd.log"
export DOCKER_HOST="unix://$SOCK"

# A pid counts as running if it exists and is not a zombie (PID 1 here may be slow to reap).
alive() {
  local pid="$1" state
  [[ -n "$pid" && -r "/proc/$pid/stat" ]] || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

daemon_pid() { [[ -s "$PIDFILE" ]] && cat "$PIDFILE" || true; }

last_log_line() {
  [[ -s "$LOG" ]] && grep -v '^[[:space:]]*$' "$LOG" | tail -n 1 || echo "(no log output)"
}

fail() { echo "dockerd.sh: $*" >&2; exit 1; }

# Own bridge instead of docker0, so another daemon on this host cannot clash with ours.
ensure_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge || return 1
  fi
  if ! ip -4 addr show dev "$BRIDGE" | grep -q "inet ${BRIDGE_CIDR%/*}/"; then
    ip addr add "$BRIDGE_CIDR" dev "$BRIDGE" || return 1
  fi
  ip link set "$BRIDGE" up
}

start() {
  command -v dockerd >/dev/null 2>&1 || fail "cannot start dockerd: dockerd not installed (run install-docker.sh)"

  local pid
  pid="$(daemon_pid)"
  if alive "$pid" && docker info >/dev/null 2>&1; then
    echo "DOCKER_HOST=$DOCKER_HOST"   # already ours and healthy: reuse
    return 0
  fi
  if alive "$pid"; then
    fail "cannot start dockerd: a previous private dockerd (pid $pid) is running but not answering; run '$0 stop' first"
  fi

  mkdir -p "$BASE/data" "$BASE/exec" 2>/dev/null || fail "cannot start dockerd: cannot create $BASE/data and $BASE/exec"
  rm -f "$SOCK" "$PIDFILE"
  # Own (empty) config file: ignore any /etc/docker/daemon.json on the host.
  echo '{}' >"$BASE/daemon.json"
  ensure_bridge 2>"$BASE/bridge.err" ||
    fail "cannot start dockerd: could not set up bridge $BRIDGE: $(tail -n 1 "$BASE/bridge.err")"

  # overlay2 makes a container in ~0.2 s; vfs copies the whole image per container (~1-3 s for
  # Postgres on 2 busy cores) but works on any filesystem: try overlay2 first when the kernel has it.
  local drivers=(vfs) driver why=""
  if [[ "$STORAGE_DRIVER" == auto ]]; then
    grep -qw overlay /proc/filesystems 2>/dev/null && drivers=(overlay2 vfs)
  else
    drivers=("$STORAGE_DRIVER")
  fi
  for driver in "${drivers[@]}"; do
    if why="$(launch "$driver")"; then
      echo "DOCKER_HOST=$DOCKER_HOST"
      return 0
    fi
  done
  fail "$why"
}

# launch DRIVER: start dockerd and wait until it answers; on failure print why and return 1.
launch() {
  local driver="$1" pid
  rm -f "$SOCK" "$PIDFILE"
  # iptables/ip6tables off: no usable netfilter here (published ports go through docker-proxy).
  # setsid: its own session, so a Ctrl-C meant for the caller's foreground job does not reach it.
  setsid dockerd \
    --config-file "$BASE/daemon.json" \
    --host "unix://$SOCK" \
    --data-root "$BASE/data" \
    --exec-root "$BASE/exec" \
    --pidfile "$PIDFILE" \
    --storage-driver "$driver" \
    --iptables=false --ip6tables=false --ip-masq=false \
    --bridge "$BRIDGE" \
    </dev/null >"$LOG" 2>&1 &
  pid=$!
  echo "$pid" >"$BASE/launcher.pid"

  local deadline=$((SECONDS + START_TIMEOUT_S))
  until docker info >/dev/null 2>&1; do
    if ! alive "$pid"; then
      echo "cannot start dockerd (storage driver $driver, exited early): $(last_log_line)"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      kill -TERM "$pid" 2>/dev/null || true
      wait_exit "$pid" 10 || true
      echo "cannot start dockerd (storage driver $driver, no answer within ${START_TIMEOUT_S}s): $(last_log_line)"
      return 1
    fi
    sleep 0.2
  done
}

# Wait for a pid to exit; escalate to SIGKILL after the grace period.
wait_exit() {
  local pid="$1" grace="$2" i
  for ((i = 0; i < grace * 10; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  return 1
}

stop() {
  local pid
  pid="$(daemon_pid)"
  [[ -n "$pid" ]] || pid="$( [[ -s "$BASE/launcher.pid" ]] && cat "$BASE/launcher.pid" || true)"

  if alive "$pid"; then
    # Containers the run left behind (Ryuk is disabled, so nothing else reaps them).
    local ids
    ids="$(docker ps -aq 2>/dev/null || true)"
    if [[ -n "$ids" ]]; then
      # shellcheck disable=SC2086
      docker rm -f -v $ids >/dev/null 2>&1 || true
    fi
    kill -TERM "$pid" 2>/dev/null || true
    wait_exit "$pid" 20 || echo "dockerd.sh: dockerd pid $pid did not exit" >&2
  fi

  # Its managed containerd and shims normally exit with it; end any that did not
  # (matched by our private exec root in their command line, i.e. only processes we started).
  local f p
  while read -r f; do
    p="${f#/proc/}"; p="${p%/cmdline}"
    [[ "$p" == "$$" || "$p" == "$PPID" ]] && continue
    if alive "$p"; then
      kill -TERM "$p" 2>/dev/null || true
      wait_exit "$p" 5 || true
    fi
  done < <(grep -laF -- "$BASE/" /proc/[0-9]*/cmdline 2>/dev/null || true)

  rm -f "$PIDFILE" "$BASE/launcher.pid" "$SOCK"
  # dockerd releases the container mounts under its data root; clean up any stragglers.
  if [[ -d "$BASE" ]]; then
    awk -v b="$BASE/" 'index($2, b) == 1 {print $2}' /proc/self/mounts | sort -r | while read -r m; do
      umount -l "$m" 2>/dev/null || true
    done
  fi
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link delete "$BRIDGE" type bridge 2>/dev/null || true
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  purge) stop; rm -rf "$BASE" ;;
  *) echo "usage: $0 start|stop|purge" >&2; exit 2 ;;
esac
