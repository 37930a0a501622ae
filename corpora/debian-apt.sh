#!/usr/bin/env bash
# A private apt configuration with deb-src lines, so that `apt-get source` works on a machine whose
# system sources list only binary packages. Nothing outside corpora/real/apt/ is changed.
#
# Source it, then:
#   debian_apt_setup                       # once: writes the configuration and fetches the lists
#   debian_source PKG --diff-only DEST     # fetches PKG's source files into DEST; non-zero when it fails
# The URIs, suites, components and keyrings are those of the system's deb822 sources.
set -euo pipefail

debian_apt_root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/real/apt"
export APT_CONFIG="$debian_apt_root/apt.conf"

debian_apt_setup() {
    local root="$debian_apt_root"
    mkdir -p "$root/sources.list.d" "$root/lists/partial" "$root/cache/archives/partial"
    cat > "$root/apt.conf" <<CONF
Dir::Etc::SourceList "/dev/null";
Dir::Etc::SourceParts "$root/sources.list.d";
Dir::State::Lists "$root/lists";
Dir::Cache "$root/cache";
CONF
    local found=0 file
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        # Only Debian's own archives: third-party repositories rarely publish sources.
        grep -q 'debian.org' "$file" || continue
        sed -E 's/^Types:[[:space:]]*deb[[:space:]]*$/Types: deb deb-src/' "$file" \
            > "$root/sources.list.d/$(basename "$file")"
        found=1
    done
    if [ "$found" = 0 ]; then
        echo "no deb822 Debian sources in /etc/apt/sources.list.d; cannot set up source downloads" >&2
        return 1
    fi
    # The lists are refreshed once a day at most.
    if [ -z "$(find "$root/lists" -maxdepth 1 -name '*Sources*' -mtime -1 2>/dev/null | head -1)" ]; then
        apt-get update -qq >/dev/null || { echo "apt-get update failed with the private configuration" >&2; return 1; }
    fi
}

debian_source() {
    local package="$1" mode="$2" dest="$3"
    mkdir -p "$dest"
    (cd "$dest" && apt-get source -qq "$mode" "$package" >/dev/null 2>&1)
}
