#!/usr/bin/env bash
# Fetches the C++ source trees named in corpora/cpp-sources.txt through the private apt
# configuration (corpora/debian-apt.sh) and unpacks each upstream tarball into
# corpora/real/sources/<package>/ (git-ignored). Trees already unpacked are kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/debian-apt.sh"
list="$here/cpp-sources.txt"
packages=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$' || true)
[ -n "$packages" ] || { echo "$list names no package" >&2; exit 1; }
debian_apt_setup
mkdir -p "$here/real/sources/.tarballs"
for package in $packages; do
    target="$here/real/sources/$package"
    if [ -d "$target" ]; then
        echo "have $package"
        continue
    fi
    download="$here/real/sources/.tarballs/$package"
    if ! ls "$download"/*.orig.tar.* >/dev/null 2>&1; then
        if ! debian_source "$package" --tar-only "$download"; then
            echo "could not fetch the source of $package (named in $list)" >&2
            exit 1
        fi
    fi
    tarball=$(ls "$download"/*.orig.tar.* | head -1)
    rm -rf "$target.partial"
    mkdir -p "$target.partial"
    # Upstream tarballs hold one top folder; it is dropped so the tree is corpora/real/sources/<package>/.
    tar -xf "$tarball" -C "$target.partial" --strip-components=1
    mv "$target.partial" "$target"
    echo "unpacked $package into corpora/real/sources/$package"
done
