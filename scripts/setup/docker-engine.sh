#!/usr/bin/env bash
# Ensures a Docker engine answers `docker info`. When none does, installs Debian's docker.io (if
# dockerd is missing) and starts dockerd in the background, logging to $DOCKER_POD_DOCKERD_LOG.
set -euo pipefail
log="${DOCKER_POD_DOCKERD_LOG:-/var/log/docker-pod-dockerd.log}"

if docker info >/dev/null 2>&1; then
  echo "docker: engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))" >&2
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1; then
  echo "docker: installing Debian's docker.io" >&2
  "$(dirname "$0")/apt-install.sh" docker.io
fi
echo "docker: starting dockerd (log: $log)" >&2
mkdir -p "$(dirname "$log")"
nohup dockerd >"$log" 2>&1 </dev/null &
for _ in $(seq 1 120); do
  if docker info >/dev/null 2>&1; then
    echo "docker: engine answers ($(docker version --format '{{.Server.Version}}'))" >&2
    exit 0
  fi
  sleep 0.5
done
echo "docker: dockerd did not answer within 60 s; see its log: $log" >&2
tail -n 20 "$log" >&2 || true
exit 1
