#!/usr/bin/env bash
# Build the two images the containers stack asks for, without any registry, from this machine's
# own binaries: Debian's redis-server 7 and PostgreSQL 15 (tagged with the names the stack
# provider uses, so testcontainers finds them locally and never tries to pull).
#
#   REDIS_IMAGE    (default redis:7-alpine)
#   POSTGRES_IMAGE (default postgres:16-alpine)
#   DOCKER_HOST    (default: the private daemon of dockerd.sh)
#
# Each image is a root folder (binaries + the libraries ldd lists + busybox for the shell commands
# testcontainers execs), packed as a reproducible tar and `docker import`ed. Two labels decide
# whether an existing image is kept:
#   jobcont.inputs-hash  this script + the paths, sizes and mtimes of every host file used: when it
#                        matches, nothing is rebuilt (the fast path: no copying, no ldd);
#   jobcont.content-hash sha256 of the reproducible tar + image config: when the inputs changed
#                        but the content did not, the image is not re-imported either.
set -euo pipefail

REDIS_IMAGE="${REDIS_IMAGE:-redis:7-alpine}"
POSTGRES_IMAGE="${POSTGRES_IMAGE:-postgres:16-alpine}"
export DOCKER_HOST="${DOCKER_HOST:-unix://${JOBCONT_DOCKERD_DIR:-/tmp/jobcont-dockerd}/docker.sock}"
BUILD_DIR="${JOBCONT_IMAGE_BUILD_DIR:-/tmp/jobcont-images}"
PG_VERSION=15
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
PG_LIB="/usr/lib/postgresql/$PG_VERSION/lib"
PG_SHARE="/usr/share/postgresql/$PG_VERSION"
PATH_IN_IMAGE="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
HASH_LABEL="jobcont.content-hash"
INPUTS_LABEL="jobcont.inputs-hash"
SELF="$(readlink -f "${BASH_SOURCE[0]}")"

die() { echo "build-images.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- prerequisites
for f in /usr/bin/redis-server /usr/bin/redis-cli "$PG_BIN/postgres" "$PG_BIN/initdb" "$PG_BIN/pg_ctl" \
  "$PG_BIN/psql" "$PG_BIN/pg_isready" /usr/bin/setpriv; do
  [[ -x "$f" ]] || die "missing $f (needs Debian packages redis-server, postgresql-$PG_VERSION, util-linux)"
done
[[ -d "$PG_SHARE" && -d /usr/share/zoneinfo ]] || die "missing $PG_SHARE or /usr/share/zoneinfo"
# A shell + cat/awk/grep/nc inside the images: testcontainers' port check and health checks exec them.
if [[ ! -x /bin/busybox ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null; } ||
    die "could not install busybox-static"
fi
docker info >/dev/null 2>&1 || die "no Docker daemon answers at $DOCKER_HOST (run dockerd.sh start first)"

# ---------------------------------------------------------------- root-folder helpers
ROOT=""
ADDED=()   # host paths copied into ROOT (with their libraries): the inputs of the fast check

# Host files/dirs to the same paths in ROOT, plus every shared library ldd resolves for them
# (ldd lists the whole closure). Hard links when possible (same filesystem: no copy, fast).
add() {
  local libs=()
  # ldd forks a loader per file: spread them over the cores (directories are skipped by ldd).
  mapfile -t libs < <(printf '%s\0' "$@" | xargs -0 -r -n 8 -P "$(nproc)" ldd 2>/dev/null |
    awk '$2 == "=>" && $3 ~ /^\// {print $3} NF == 2 && $1 ~ /^\// {print $1}' | sort -u)
  cp -f -r -lL --parents "$@" "${libs[@]}" "$ROOT/" 2>/dev/null ||
    cp -f -r -L --preserve=mode --parents "$@" "${libs[@]}" "$ROOT/"
  ADDED+=("$@" "${libs[@]}")
}

# Merged /usr like the host, so the loader path /lib64/ld-linux-x86-64.so.2 and /lib/... resolve.
new_root() {
  ROOT="$BUILD_DIR/$1"
  ADDED=()
  rm -rf "$ROOT"
  mkdir -p "$ROOT"/{usr/bin,usr/sbin,usr/lib,usr/lib64,usr/local/bin,etc,tmp,root,run,var,dev,proc,sys}
  ln -s usr/bin "$ROOT/bin"
  ln -s usr/sbin "$ROOT/sbin"
  ln -s usr/lib "$ROOT/lib"
  ln -s usr/lib64 "$ROOT/lib64"
  ln -s ../run "$ROOT/var/run"
  chmod 1777 "$ROOT/tmp"
  chmod 700 "$ROOT/root"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$ROOT/etc/nsswitch.conf"
}

# busybox as /bin/sh, cat, awk, grep, nc, ... Run last: --install never replaces host binaries.
add_busybox() {
  cp -f /bin/busybox "$ROOT/usr/bin/busybox"
  ADDED+=(/bin/busybox)
  chroot "$ROOT" /usr/bin/busybox --install -s /usr/bin
}

# Fixed order, mtimes and numeric owners: the same inputs give the same bytes, hence the same hash.
tar_root() { tar --create --file - --directory "$ROOT" --sort=name --mtime=@0 --numeric-owner --format=gnu .; }

# Cheap fingerprint of host paths (dirs recursively): names, sizes, mtimes, plus this script
# (which holds the entrypoints and image config).
fingerprint() {
  { sha256sum <"$SELF"; printf '%s\n' "$@"; find -L "$@" -printf '%p %s %T@\n' 2>/dev/null || true; } |
    sha256sum | cut -c1-64
}

label_of() { docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }

# up_to_date IMAGE NAME: the image exists and was built from exactly the host files recorded.
up_to_date() {
  local image="$1" list="$BUILD_DIR/$2.inputs" paths=() label
  [[ -s "$list" ]] || return 1
  label="$(label_of "$image" "$INPUTS_LABEL")"
  [[ -n "$label" ]] || return 1
  mapfile -t paths <"$list"
  [[ "$(fingerprint "${paths[@]}")" == "$label" ]]
}

# pack_and_import IMAGE NAME [FINALIZE_FN] -- CHANGE...
# Imports ROOT unless the image already has the same content hash and inputs hash. FINALIZE_FN runs
# only before an import: work whose output is not reproducible (initdb) stays out of the hash.
pack_and_import() {
  local image="$1" name="$2" finalize="" hash inputs_hash old_id args=() c paths=()
  shift 2
  if [[ "$1" != -- ]]; then finalize="$1"; shift; fi
  shift # --
  printf '%s\n' "${ADDED[@]}" | sort -u >"$BUILD_DIR/$name.inputs"
  mapfile -t paths <"$BUILD_DIR/$name.inputs"
  inputs_hash="$(fingerprint "${paths[@]}")"
  hash="$({ tar_root | sha256sum; printf '%s\n' "$@"; } | sha256sum | cut -c1-64)"
  if [[ "$(label_of "$image" "$HASH_LABEL")" == "$hash" && "$(label_of "$image" "$INPUTS_LABEL")" == "$inputs_hash" ]]; then
    echo "build-images.sh: $image up to date (${hash:0:12})"
  else
    [[ -z "$finalize" ]] || "$finalize"
    old_id="$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
    for c in "$@"; do args+=(--change "$c"); done
    tar_root | docker import "${args[@]}" --change "LABEL $HASH_LABEL=$hash $INPUTS_LABEL=$inputs_hash" - "$image" >/dev/null
    # The previous build is now untagged: drop it (fails harmlessly if a container still uses it).
    [[ -z "$old_id" || "$old_id" == "$(docker image inspect --format '{{.Id}}' "$image")" ]] ||
      docker rmi "$old_id" >/dev/null 2>&1 || true
    echo "build-images.sh: built $image (${hash:0:12})"
  fi
  rm -rf "$ROOT"
}

mkdir -p "$BUILD_DIR"

# ================================================================ Redis
redis_root() {
  new_root redis
  # redis-server is a symlink to redis-check-rdb on Debian (copied as a file; argv[0] picks the mode).
  # redis-cli: RedisContainer.executeCliCmd() execs it.
  add /usr/bin/redis-server /usr/bin/redis-cli
  add_busybox
  mkdir -p "$ROOT/data"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$ROOT/etc/passwd"
  printf 'root:x:0:\n' >"$ROOT/etc/group"
  cat >"$ROOT/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# Like the official image: CMD is ["redis-server", extra...]; a leading "-..." means server args.
# RedisContainer 12.0.1 passes e.g. "--requirepass pw" as ONE argv item; redis-server joins argv
# into config text, so that works as is. Defaults come first, so passed args override them.
set -e
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ]; then
  shift
  exec redis-server --port 6379 --bind 0.0.0.0 --protected-mode no \
    --save '' --appendonly no --dir /data "$@"
fi
exec "$@"
EOF
  chmod 755 "$ROOT/usr/local/bin/docker-entrypoint.sh"
}

if up_to_date "$REDIS_IMAGE" redis; then
  echo "build-images.sh: $REDIS_IMAGE up to date (inputs unchanged)"
else
  redis_root
  pack_and_import "$REDIS_IMAGE" redis -- \
    "ENV PATH=$PATH_IN_IMAGE" \
    "WORKDIR /data" \
    "EXPOSE 6379" \
    'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    'CMD ["redis-server"]'
fi

# ================================================================ PostgreSQL
postgres_root() {
  new_root postgres
  # Server modules: plpgsql/dict_snowball/encoding conversions are loaded by initdb itself; the
  # contrib ones keep CREATE EXTENSION working. LLVM JIT is left out (jit=off below).
  # The server is built --with-system-tzdata=/usr/share/zoneinfo. setpriv drops root -> postgres
  # (busybox's setpriv cannot change uid).
  pg_modules=()
  for so in "$PG_LIB"/*.so; do [[ "${so##*/}" == llvmjit* ]] || pg_modules+=("$so"); done
  add "$PG_BIN"/{postgres,initdb,pg_ctl,psql,pg_isready} "${pg_modules[@]}" /usr/bin/setpriv \
    "$PG_SHARE" /usr/share/zoneinfo
  add_busybox
  # initdb/postgres refuse root and need a passwd entry for their uid.
  printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh\n' >"$ROOT/etc/passwd"
  printf 'root:x:0:\npostgres:x:999:\n' >"$ROOT/etc/group"
  mkdir -p "$ROOT/var/lib/postgresql/data" "$ROOT/run/postgresql" "$ROOT/docker-entrypoint-initdb.d"
  chown -R 999:999 "$ROOT/var/lib/postgresql" "$ROOT/run/postgresql"
  chmod 700 "$ROOT/var/lib/postgresql/data"
  chmod 2775 "$ROOT/run/postgresql"
  cat >"$ROOT/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# Subset of the official postgres entrypoint: POSTGRES_USER (superuser, default postgres),
# POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_DB (default
# $POSTGRES_USER), POSTGRES_HOST_AUTH_METHOD, POSTGRES_INITDB_ARGS,
# /docker-entrypoint-initdb.d/*.sql|*.sh.
# As in the official image, a temporary socket-only server does the setup, so the log says
# "database system is ready to accept connections" twice and TCP opens only when all is ready.
# The image ships a cluster made by initdb at build time (marker .jobcont-preinit): initdb is
# the slow part, and much slower while testcontainers execs its port checks on 2 cores.
set -eu
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi
[ "$1" = postgres ] || exec "$@"

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

if [ "$(id -u)" = 0 ]; then
  # Runs as root only to fix ownership (e.g. a mounted volume), then re-executes as postgres.
  mkdir -p "$PGDATA" /var/run/postgresql
  [ "$(stat -c %u "$PGDATA")" = 999 ] || chown -R 999:999 "$PGDATA"
  chown 999:999 /var/run/postgresql
  chmod 700 "$PGDATA"
  export HOME=/var/lib/postgresql
  # Absolute path: busybox-static's sh prefers its own applets, and its setpriv cannot change uid.
  exec /usr/bin/setpriv --reuid=999 --regid=999 --clear-groups -- "$0" "$@"
fi

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
: "${POSTGRES_PASSWORD:=}"
MARKER="$PGDATA/.jobcont-preinit"

# Own initdb arguments asked for: the prepared cluster does not fit, make a fresh one.
if [ -e "$MARKER" ] && [ -n "${POSTGRES_INITDB_ARGS:-}" ]; then
  find "$PGDATA" -mindepth 1 -delete
fi

if [ ! -s "$PGDATA/PG_VERSION" ] || [ -e "$MARKER" ]; then
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    echo "Error: POSTGRES_PASSWORD is empty (set it, or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  superuser=postgres
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    superuser="$POSTGRES_USER"
    # shellcheck disable=SC2086
    initdb --username="$POSTGRES_USER" --encoding=UTF8 --locale=C --auth-local=trust \
      --auth-host="$POSTGRES_HOST_AUTH_METHOD" --no-sync --no-instructions ${POSTGRES_INITDB_ARGS:-}
    # Disposable test data: trade durability for speed. jit off: LLVM is not in the image.
    printf '%s\n' "listen_addresses = '0.0.0.0'" 'port = 5432' 'fsync = off' \
      'synchronous_commit = off' 'full_page_writes = off' 'jit = off' >>"$PGDATA/postgresql.conf"
  fi
  printf '%s\n' 'local all all trust' 'local replication all trust' \
    "host all all all $POSTGRES_HOST_AUTH_METHOD" "host replication all all $POSTGRES_HOST_AUTH_METHOD" \
    >"$PGDATA/pg_hba.conf"

  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
  # One psql session. The prepared superuser "postgres" is renamed (through a helper role: a
  # session cannot rename its own user), so POSTGRES_USER is THE superuser, as in the official image.
  {
    if [ "$superuser" != "$POSTGRES_USER" ]; then
      echo 'CREATE ROLE jobcont_setup SUPERUSER LOGIN;'
      echo '\connect postgres jobcont_setup'
      echo 'ALTER ROLE postgres RENAME TO :"su";'
      echo '\connect postgres :su'
      echo 'DROP ROLE jobcont_setup;'
    fi
    [ -z "$POSTGRES_PASSWORD" ] || echo "ALTER ROLE :\"su\" PASSWORD :'pw';"
    [ "$POSTGRES_DB" = postgres ] || echo 'CREATE DATABASE :"db";'
  } | psql -q -v ON_ERROR_STOP=1 --no-psqlrc --username "$superuser" --dbname postgres \
    -v su="$POSTGRES_USER" -v pw="$POSTGRES_PASSWORD" -v db="$POSTGRES_DB"
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; . "$f" ;;
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "$f" ;;
      *) : ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  rm -f "$MARKER"
  echo "PostgreSQL init process complete; ready for start up."
fi

shift
exec postgres "$@"
EOF
  chmod 755 "$ROOT/usr/local/bin/docker-entrypoint.sh"
}

# Runs only when the image is (re)built: initdb inside the root folder, as uid 999, with the
# image's own binaries. A small WAL segment (1 MB) keeps the data, copied per container, small.
prepare_cluster() {
  local data=/var/lib/postgresql/data
  mknod -m 666 "$ROOT/dev/null" c 1 3
  mkdir -m 1777 "$ROOT/dev/shm"
  if ! chroot --userspec=999:999 "$ROOT" /usr/bin/env -i PATH="$PG_BIN:$PATH_IN_IMAGE" TZ=Etc/UTC \
    "$PG_BIN/initdb" -D "$data" --username=postgres --encoding=UTF8 --locale=C --auth-local=trust \
    --auth-host=scram-sha-256 --no-sync --no-instructions --wal-segsize=1 >"$BUILD_DIR/initdb.log" 2>&1; then
    cat "$BUILD_DIR/initdb.log" >&2
    rm -rf "$ROOT/dev/null" "$ROOT/dev/shm"
    die "initdb failed while building $POSTGRES_IMAGE"
  fi
  rm -rf "$ROOT/dev/null" "$ROOT/dev/shm"
  printf '%s\n' "listen_addresses = '0.0.0.0'" 'port = 5432' 'fsync = off' 'synchronous_commit = off' \
    'full_page_writes = off' 'jit = off' >>"$ROOT$data/postgresql.conf"
  touch "$ROOT$data/.jobcont-preinit"
  chown 999:999 "$ROOT$data/.jobcont-preinit"
}

if up_to_date "$POSTGRES_IMAGE" postgres; then
  echo "build-images.sh: $POSTGRES_IMAGE up to date (inputs unchanged)"
else
  postgres_root
  pack_and_import "$POSTGRES_IMAGE" postgres prepare_cluster -- \
    "ENV PATH=$PG_BIN:$PATH_IN_IMAGE" \
    "ENV PGDATA=/var/lib/postgresql/data" \
    "ENV TZ=Etc/UTC" \
    "EXPOSE 5432" \
    'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    'CMD ["postgres"]'
fi
