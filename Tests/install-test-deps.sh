#!/usr/bin/env bash
# Installs what the tests use beyond the build: Python packages for the compatibility checks.
set -euo pipefail
python3 -m pip install --quiet --disable-pip-version-check -r "$(dirname "$0")/requirements.txt"
