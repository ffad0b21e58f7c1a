#!/bin/sh
# fidelity.sh BIN [--prose]: every cell of the tables budgetc builds for the
# examples against their published documents: the 13 tables of
# examples/datong-kjj-2026 (and its corrected copy), transcribed in
# tests/fidelity/datong-kjj-2026/, and the 9 tables of
# examples/shanghai-putuo-swh-2025 (--layout shanghai-putuo), transcribed in
# tests/fidelity/shanghai-putuo-swh-2025/.  See tests/fidelity.py.  The last
# line printed is "fidelity: N passed, N failed".
set -u
BIN=${1:-build/budgetc}
[ $# -gt 0 ] && shift
exec python3 "$(dirname "$0")/fidelity.py" "$BIN" "$@"
