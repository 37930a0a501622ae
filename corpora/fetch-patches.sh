#!/usr/bin/env bash
# Fetches the Debian patches of the packages named in corpora/debian-patch-packages.txt: only
# each source package's .debian.tar.xz (`apt-get source --diff-only`, through the private apt
# configuration of debian-apt.sh), whose debian/patches/ is unpacked into
# corpora/real/debian-patches/<package>/debian/patches/ (git-ignored).
#
# A package that cannot be fetched (404, no such source, an old 1.0 source without a
# debian tarball) is skipped and recorded with its reason in
# corpora/real/debian-patches/fetch-failures.txt; the script never stops for one package.
# Packages already unpacked are kept, so a rerun only fetches what is missing; a package that
# failed within the last day is not tried again (RETRY=1 tries every failed package now).
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

recent_failures=""
if [ -f "$failures" ] && [ "${RETRY:-0}" != 1 ] && [ -n "$(find "$failures" -mtime -1)" ]; then
    recent_failures="$(cut -d: -f1 "$failures")"
fi
: > "$failures.new"
fetched=0 kept=0 failed=0 tried=0
while read -r package _; do
    case "$package" in ''|'#'*) continue ;; esac
    dest="$target_root/$package"
    if [ -d "$dest" ]; then
        kept=$((kept + 1))
        continue
    fi
    if grep -qxF "$package" <<< "$recent_failures"; then
        grep "^$package:" "$failures" >> "$failures.new"
        failed=$((failed + 1)); continue
    fi
    tried=$((tried + 1))
    work="$downloads/$package"
    rm -rf "$work"
    if ! debian_source "$package" --diff-only "$work"; then
        # The newest version may sit in a pool the mirror does not serve (a security update's
        # 404): an older version of the same release still carries most of the patches.
        fetched_version=""
        for version in $(apt-cache showsrc "$package" 2>/dev/null | sed -n 's/^Version: //p' | sort -u -r -V | tail -n +2); do
            rm -rf "$work"
            if debian_source "$package=$version" --diff-only "$work"; then fetched_version="$version"; break; fi
        done
        if [ -z "$fetched_version" ]; then
            echo "$package: apt-get source --diff-only failed for every version (not found, or 404 on the mirror)" >> "$failures.new"
            failed=$((failed + 1)); rm -rf "$work"; continue
        fi
        echo "$package: the newest version failed; fetched $fetched_version instead"
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
# A run that only repeated known failures keeps the file's time, so they are retried a day after
# they were last tried.
if [ -f "$failures" ] && [ "$tried" = 0 ]; then
    touch -r "$failures" "$failures.new"
fi
sort -u "$failures.new" > "$failures.sorted"; touch -r "$failures.new" "$failures.sorted"
mv "$failures.sorted" "$failures"; rm -f "$failures.new"
echo "debian patches: $fetched fetched, $kept already present, $failed failed (see corpora/real/debian-patches/fetch-failures.txt)"
