#!/usr/bin/env bash
# Rebuilds the EPUB books in corpora/books/ from their source folders in corpora/epub-src/.
# An EPUB is a ZIP whose first entry is the uncompressed `mimetype` file; timestamps are fixed
# so that the same sources give the same bytes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for source in "$here"/epub-src/*/; do
    name="$(basename "$source")"
    domain="${name%%-*}"
    target="$here/books/$domain/$name.epub"
    mkdir -p "$(dirname "$target")"
    rm -f "$target"
    (
        cd "$source"
        find . -exec touch -h -d '2026-01-01 00:00:00' {} +
        zip -q -X -0 "$target" mimetype
        find META-INF OEBPS -type f | LC_ALL=C sort | zip -q -X -9 -D "$target" -@
    )
    echo "built ${target#"$here"/}"
done
