#!/usr/bin/env bash
# Builds the local images the example stack and the tests run (there is no image registry here):
#   docker-pod/busybox:local  FROM scratch + Debian's static busybox, applets linked into /bin
#   docker-pod/nginx:local    a Debian minbase root with nginx-light, imported with `docker import`
#   docker-pod/grpc-health:local  FROM scratch + tests/fixtures/grpc-health (grpc-health.sh), a gRPC
#                             health server for the grpc probe's e2e test; skipped, saying so, when it
#                             cannot be built
# Each image carries the hash of its inputs as a label and is rebuilt only when missing or changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
label="org.docker-pod.inputs"

current_hash() { docker image inspect -f "{{index .Config.Labels \"$label\"}}" "$1" 2>/dev/null || true; }

# --- busybox ---------------------------------------------------------------------------------
busybox_image="docker-pod/busybox:local"
"$here/apt-install.sh" busybox-static
busybox_dockerfile='FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["/bin/sh"]'
busybox_hash="$( { echo "$busybox_dockerfile"; sha256sum /bin/busybox; } | sha256sum | cut -c1-16)"
if [ "$(current_hash "$busybox_image")" = "$busybox_hash" ]; then
  echo "images: $busybox_image up to date" >&2
else
  echo "images: building $busybox_image" >&2
  ctx="$(mktemp -d)"
  cp /bin/busybox "$ctx/busybox"
  printf '%s\nLABEL %s=%s\n' "$busybox_dockerfile" "$label" "$busybox_hash" >"$ctx/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t "$busybox_image" "$ctx" >"$ctx.log" 2>&1 \
    || { cat "$ctx.log" >&2; exit 1; }
  rm -rf "$ctx" "$ctx.log"
fi

# --- nginx -----------------------------------------------------------------------------------
nginx_image="docker-pod/nginx:local"
suite="bookworm"
packages="nginx-light"
"$here/apt-install.sh" debootstrap
# The mirror apt already uses on this host (debootstrap's own default where none is configured).
mirror="$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
  | grep -oE 'https?://[^ ]+/debian/?$' | head -n1 || true)"
nginx_hash="$(echo "$suite $packages minbase v1" | sha256sum | cut -c1-16)"
if [ "$(current_hash "$nginx_image")" = "$nginx_hash" ]; then
  echo "images: $nginx_image up to date" >&2
else
  echo "images: building $nginx_image (debootstrap $suite + $packages)" >&2
  root="$(mktemp -d)"
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase --include="$packages" "$suite" "$root" ${mirror:+"$mirror"} >"$root.log" 2>&1 \
    || { echo "images: debootstrap failed; see $root.log" >&2; exit 1; }
  rm -f "$root.log"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import \
    --change "LABEL $label=$nginx_hash" \
    --change 'CMD ["nginx", "-g", "daemon off;"]' \
    - "$nginx_image" >/dev/null
fi

# --- grpc-health -----------------------------------------------------------------------------
grpc_image="docker-pod/grpc-health:local"
grpc_bin="$("$here/grpc-health.sh" | tail -n1)"
if [ -z "$grpc_bin" ]; then
  echo "images: $grpc_image not built: no grpc-health binary (see above)" >&2
else
  grpc_dockerfile='FROM scratch
COPY grpc-health /grpc-health
ENTRYPOINT ["/grpc-health"]'
  grpc_hash="$( { echo "$grpc_dockerfile"; sha256sum "$grpc_bin" | cut -d' ' -f1; } | sha256sum | cut -c1-16)"
  if [ "$(current_hash "$grpc_image")" = "$grpc_hash" ]; then
    echo "images: $grpc_image up to date" >&2
  else
    echo "images: building $grpc_image" >&2
    ctx="$(mktemp -d)"
    cp "$grpc_bin" "$ctx/grpc-health"
    printf '%s\nLABEL %s=%s\n' "$grpc_dockerfile" "$label" "$grpc_hash" >"$ctx/Dockerfile"
    DOCKER_BUILDKIT=0 docker build -q -t "$grpc_image" "$ctx" >"$ctx.log" 2>&1 \
      || { cat "$ctx.log" >&2; exit 1; }
    rm -rf "$ctx" "$ctx.log"
  fi
fi
