#!/usr/bin/env bash
# Fetches the Debian patches of the packages named in corpora/debian-patch-packages.txt: only
# each source package's .debian.tar.xz (`apt-get source --diff-only`, through the private apt
# configuration of debian-apt.sh), whose debian/patches/ is unpacked into
# corpora/real/debian-patches/<package>/debian/patches/ (git-ignored).
#
# A package that cannot be fetched (404, no such source, an old 1.0 source without a
# debian tarball) is skipped and recorded with its reason in
# corpora/real/debian-patches/fetch-failures.txt; the script never stops for one package.
# Packages already unpacked are kept, so a rerun only fetches what is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
list="${1:-$here/debian-patch-packages.txt}"
target_root="$here/real/debian-patches"
downloads="$here/real/.debian-sources"
failures="$target_root/fetch-failures.txt"

source "$here/debian-apt.sh"
set +e +o pipefail
mkdir -p "$target_root" "$downloads"
if ! debian_apt_setup; then
    echo "cannot set up the private apt configuration; no Debian patches fetched" >&2
    exit 1
fi

: > "$failures.new"
fetched=0 kept=0 failed=0
while read -r package _; do
    case "$package" in ''|'#'*) continue ;; esac
    dest="$target_root/$package"
    if [ -d "$dest" ]; then
        kept=$((kept + 1))
        continue
    fi
    work="$downloads/$package"
    rm -rf "$work"
    if ! debian_source "$package" --diff-only "$work"; then
        echo "$package: apt-get source --diff-only failed (not found, or the download failed)" >> "$failures.new"
        failed=$((failed + 1)); rm -rf "$work"; continue
    fi
    tarball="$(find "$work" -maxdepth 1 -name '*.debian.tar.*' | head -1)"
    if [ -z "$tarball" ]; then
        reason="no .debian.tar.* (source format 1.0 or native)"
        [ -n "$(find "$work" -maxdepth 1 -name '*.diff.gz')" ] && reason="source format 1.0: a .diff.gz, no debian/patches tarball"
        echo "$package: $reason" >> "$failures.new"
        failed=$((failed + 1)); rm -rf "$work"; continue
    fi
    rm -rf "$dest.partial"; mkdir -p "$dest.partial"
    # The version and the series file tell which patches apply and in what order.
    find "$work" -maxdepth 1 -name '*.dsc' -exec cp {} "$dest.partial/" \;
    if ! tar -xf "$tarball" -C "$dest.partial" --wildcards 'debian/patches/*' 2>/dev/null; then
        echo "$package: $(basename "$tarball") has no debian/patches/" >> "$failures.new"
        failed=$((failed + 1)); rm -rf "$work" "$dest.partial"; continue
    fi
    mv "$dest.partial" "$dest"
    rm -rf "$work"
    fetched=$((fetched + 1))
    echo "unpacked $package's patches into corpora/real/debian-patches/$package"
done < "$list"
sort -u "$failures.new" > "$failures"; rm -f "$failures.new"
echo "debian patches: $fetched fetched, $kept already present, $failed failed (see corpora/real/debian-patches/fetch-failures.txt)"
