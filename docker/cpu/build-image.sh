#!/usr/bin/env bash
# Build the CPU sandbox image from Debian packages with debootstrap and `docker import`, so no
# container registry is needed. The tag is dmlg-sandbox-cpu:<recipe hash>, where the recipe hash
# is the first 16 hex digits of sha256(packages.txt bytes followed by this file's bytes); the
# TypeScript helper sandboxImageTag() in libs/sandbox computes the same value.
#
# Prints progress on stderr and the image tag as the last line of stdout. Exits 0 without
# building when the tag already exists. Building needs root (debootstrap, chroot, mount).
#
# Environment:
#   DMLG_IMAGE_BUILD_DIR  parent folder of the temporary root file system (default /var/tmp);
#                         it needs about 3 GB free.
#   DMLG_DEBIAN_MIRROR    Debian mirror URL (default: the bookworm mirror in the machine's apt
#                         sources, else http://deb.debian.org/debian).
set -euo pipefail

readonly SUITE=bookworm
readonly IMAGE_REPOSITORY=dmlg-sandbox-cpu
readonly FALLBACK_MIRROR=http://deb.debian.org/debian

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly script_dir
readonly packages_file="$script_dir/packages.txt"

log() {
  printf 'build-image: %s\n' "$*" >&2
}

fail() {
  printf 'build-image: error: %s\n' "$*" >&2
  exit 1
}

# Print the bookworm mirror URL from the deb822 sources, then from sources.list, else the
# fallback. Security and updates suites are skipped because debootstrap needs the main archive.
find_debian_mirror() {
  local uri=""
  local sources
  shopt -s nullglob
  sources=(/etc/apt/sources.list.d/*.sources)
  shopt -u nullglob
  if ((${#sources[@]} > 0)); then
    # In paragraph mode each stanza is one record. The first URI of the first stanza whose Suites
    # field lists the bare suite name wins.
    uri=$(awk -v suite="$SUITE" 'BEGIN { RS = ""; FS = "\n" }
      {
        uris = ""; has_suite = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris); split(uris, parts, /[ \t]+/); uris = parts[1] }
          if ($i ~ /^Suites:/) { n = split($i, words, /[ \t]+/); for (j = 2; j <= n; j++) if (words[j] == suite) has_suite = 1 }
        }
        if (has_suite && uris != "") { print uris; exit }
      }' "${sources[@]}")
  fi
  if [[ -z "$uri" && -f /etc/apt/sources.list ]]; then
    # Lines look like `deb [options] URI SUITE COMPONENTS...`.
    uri=$(awk -v suite="$SUITE" '$1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit }
      }' /etc/apt/sources.list)
  fi
  printf '%s\n' "${uri:-$FALLBACK_MIRROR}"
}

# Print the package names of packages.txt, comma-separated, without comments and blank lines.
read_packages() {
  sed -e 's/#.*//' -e 's/[[:space:]]//g' "$packages_file" | grep -v '^$' | paste -sd, -
}

for tool in docker sha256sum; do
  command -v "$tool" >/dev/null || fail "required tool '$tool' not found in PATH"
done
[[ -f "$packages_file" ]] || fail "package list $packages_file not found"

recipe_hash=$(cat "$packages_file" "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)
readonly recipe_hash
readonly tag="$IMAGE_REPOSITORY:$recipe_hash"

# The cache check needs only access to the Docker engine, not root.
if docker image inspect "$tag" >/dev/null 2>&1; then
  log "image $tag exists; nothing to build"
  printf '%s\n' "$tag"
  exit 0
fi

[[ "$(id -u)" -eq 0 ]] || fail "building $tag must run as root (debootstrap, chroot and mount need it); try: sudo npm run image:build"
for tool in debootstrap tar chroot mount umount; do
  command -v "$tool" >/dev/null || fail "required tool '$tool' not found in PATH; install it (apt-get install -y debootstrap)"
done

packages=$(read_packages)
[[ -n "$packages" ]] || fail "package list $packages_file names no packages"
mirror=${DMLG_DEBIAN_MIRROR:-$(find_debian_mirror)}
build_parent=${DMLG_IMAGE_BUILD_DIR:-/var/tmp}
[[ -d "$build_parent" ]] || fail "build folder $build_parent (DMLG_IMAGE_BUILD_DIR) does not exist"
work_dir=$(mktemp -d "$build_parent/dmlg-image.XXXXXX")
readonly work_dir
readonly rootfs="$work_dir/rootfs"

# Unmount everything below the root file system (debootstrap leaves /proc and /sys mounted when
# it fails) before deleting it, so rm never descends into the host's /proc or /sys.
cleanup() {
  local status=$?
  local mount_point
  local remaining
  while read -r mount_point; do
    umount "$mount_point" 2>/dev/null || umount -l "$mount_point" || log "could not unmount $mount_point"
  done < <(awk -v root="$rootfs/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r)
  remaining=$(awk -v root="$rootfs/" 'index($2, root) == 1 { print $2 }' /proc/mounts)
  if [[ -n "$remaining" ]]; then
    log "left $work_dir in place because these mounts remain: $remaining"
  else
    rm -rf --one-file-system "$work_dir"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started_at=$(date +%s)
log "building $tag from $mirror with packages: $packages"
log "root file system in $rootfs"

# debootstrap resolves the Depends of --include packages (not Recommends), which keeps the image
# free of Recommends without a separate apt-get step.
debootstrap --variant=minbase --include="$packages" "$SUITE" "$rootfs" "$mirror" >&2

# Check that numpy, scipy and torch import. /proc is mounted for the check because every
# container has one and Python libraries may read it.
mount -t proc proc "$rootfs/proc"
log "checking imports"
chroot "$rootfs" /usr/bin/python3 -c 'import numpy, scipy, torch; print("numpy", numpy.__version__, "scipy", scipy.__version__, "torch", torch.__version__)' >&2
umount "$rootfs/proc"

# The sandbox runs as 65534:65534. Debian's base-passwd defines them as nobody and nogroup, and
# they are added here only if a future base lacks them.
if ! awk -F: '$3 == 65534 { found = 1 } END { exit !found }' "$rootfs/etc/passwd"; then
  log "adding user nobody (65534)"
  echo 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
fi
if ! awk -F: '$3 == 65534 { found = 1 } END { exit !found }' "$rootfs/etc/group"; then
  log "adding group nogroup (65534)"
  echo 'nogroup:x:65534:' >>"$rootfs/etc/group"
fi

log "removing documentation, locales and apt caches"
chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* \
  "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/cache/debconf/*-old \
  "$rootfs"/var/log/*
# The build host's resolver settings do not belong in an image that runs without a network.
: >"$rootfs/etc/resolv.conf"

log "importing into docker"
tar --numeric-owner -C "$rootfs" -c . |
  docker import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL dmlg.recipe=$recipe_hash" \
    - "$tag" >&2

log "built $tag in $(($(date +%s) - started_at)) s"
printf '%s\n' "$tag"
