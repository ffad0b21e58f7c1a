#!/bin/sh
# fidelity.sh BIN [--prose]: every cell of the 13 tables budgetc builds for
# examples/datong-kjj-2026 (and its corrected copy) against the published
# document, transcribed in tests/fidelity/datong-kjj-2026/.  See
# tests/fidelity.py.  The last line printed is "fidelity: N passed, N failed".
set -u
BIN=${1:-build/budgetc}
[ $# -gt 0 ] && shift
exec python3 "$(dirname "$0")/fidelity.py" "$BIN" "$@"
