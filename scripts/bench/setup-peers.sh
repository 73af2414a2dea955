#!/usr/bin/env bash
# The set-up of the benchmarks that compare docker-pod with Podman (idempotent; run by
# bench:play and bench:pods before they measure anything):
#   - Debian's podman (and catatonit, its pause) from apt;
#   - default_ulimits for nofile/nproc in /etc/containers/containers.conf (without them, Podman's
#     containers fail in sandboxes with "error setting rlimit type 7"), written only when the file
#     sets no default_ulimits yet;
#   - the benchmark images, built from the local images of scripts/setup/images.sh:
#       docker-pod/nginx:bench   nginx serving /usr/share/nginx/html (the official image's root),
#                                empty: Podman copies an image's files into a new emptyDir volume,
#                                and Debian's welcome page there would race the page the pod writes
#       docker-pod/debian:bench  the same Debian root with /bin/sh
#     both with an explicit PATH (images made by `docker import` have none, and Podman sets none);
#   - those images and docker-pod/busybox:local copied into Podman's store (`podman pull
#     docker-daemon:NAME`) when Podman lacks them or holds another image id.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
"$root/scripts/setup/apt-install.sh" podman catatonit

conf=/etc/containers/containers.conf
if ! grep -qs '^[[:space:]]*default_ulimits' "$conf"; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if grep -qs '^\[containers\]' "$conf"; then
    $sudo sed -i '/^\[containers\]/a default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]' "$conf"
  else
    printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]\n' | $sudo tee -a "$conf" >/dev/null
  fi
  echo "bench: wrote default_ulimits (nofile, nproc) into $conf" >&2
fi

path_env='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
build() { # NAME DOCKERFILE: built when the image is missing or its Dockerfile changed
  local name="$1" dockerfile="$2" hash ctx
  hash="$(printf '%s' "$dockerfile" | sha256sum | cut -c1-16)"
  [ "$(docker image inspect -f '{{index .Config.Labels "org.docker-pod.bench"}}' "$name" 2>/dev/null || true)" = "$hash" ] && return 0
  ctx="$(mktemp -d)"
  printf '%s\nLABEL org.docker-pod.bench=%s\n' "$dockerfile" "$hash" >"$ctx/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t "$name" "$ctx" >/dev/null 2>"$ctx.log" || { cat "$ctx.log" >&2; exit 1; }
  rm -rf "$ctx" "$ctx.log"
  echo "bench: built $name" >&2
}
build docker-pod/nginx:bench "FROM docker-pod/nginx:local
$path_env
RUN sed -i 's#root /var/www/html;#root /usr/share/nginx/html;#' /etc/nginx/sites-available/default \\
  && rm -rf /usr/share/nginx/html && mkdir -p /usr/share/nginx/html
CMD [\"nginx\", \"-g\", \"daemon off;\"]"
build docker-pod/debian:bench "FROM docker-pod/nginx:local
$path_env
CMD [\"/bin/sh\"]"

for image in docker-pod/nginx:bench docker-pod/debian:bench docker-pod/busybox:local; do
  want="$(docker image inspect -f '{{.Id}}' "$image" | sed 's/^sha256://')"
  have="$(podman image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
  if [ "$want" != "$have" ]; then
    podman pull -q "docker-daemon:$image" >/dev/null
    echo "bench: copied $image into Podman" >&2
  fi
done
