#!/bin/sh
# Make bench/.venv: this checkout of cleanup (editable, so the benchmark always measures the
# code beside it) and the peer tools pinned in bench/requirements.txt. A separate venv keeps
# the peer tools and their dependencies out of the development one.
#
#   sh bench/setup.sh            # PYTHON=python3.12 sh bench/setup.sh for another interpreter
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
venv="$bench/.venv"
"${PYTHON:-python3}" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -e "$bench/.." -r "$bench/requirements.txt"
"$venv/bin/python" -c "import cleanup, sys; print('bench/.venv:', sys.version.split()[0], \
'cleanup from', cleanup.__file__)"
