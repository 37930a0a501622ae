#!/usr/bin/env bash
# Fetches real books from Debian's documentation packages without root: `apt-get download`
# then `dpkg -x` into corpora/real/<package>/ (git-ignored). Already unpacked packages are kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
packages=(cppreference-doc-en-html cmake-doc bash-doc libstdc++-12-doc
          llvm-15-doc clang-15-doc libboost1.81-doc c++-annotations-html)
mkdir -p "$here/real/.debs"
for package in "${packages[@]}"; do
    target="$here/real/$package"
    if [ -d "$target" ]; then
        echo "have $package"
        continue
    fi
    (
        cd "$here/real/.debs"
        if ! ls "${package}"_*.deb >/dev/null 2>&1; then
            if ! apt-get download "$package" >/dev/null; then
                echo "could not download $package; the package lists may be missing: run 'sudo apt-get update'" >&2
                exit 1
            fi
        fi
    )
    mkdir -p "$target.partial"
    dpkg -x "$here/real/.debs/${package}"_*.deb "$target.partial"
    mv "$target.partial" "$target"
    echo "unpacked $package into corpora/real/$package"
done
# Debian's patches for the review domain: a package that cannot be fetched is recorded, not fatal.
bash "$here/fetch-patches.sh" || echo "Debian patches not fetched: the review domain's full run has no input" >&2
