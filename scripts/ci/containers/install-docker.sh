#!/usr/bin/env bash
# Ensure a Docker daemon binary exists. The CI machines have a docker client but no
# daemon; Debian's docker.io package provides dockerd (+ containerd, runc) offline from apt.
set -euo pipefail

if command -v dockerd >/dev/null 2>&1; then
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# The package lists may be empty on a fresh machine; refresh them only if the install fails.
if ! apt-get install -y -qq --no-install-recommends docker.io >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

command -v dockerd >/dev/null 2>&1 || { echo "install-docker: dockerd still missing after apt-get install docker.io" >&2; exit 1; }
