# lib.sh: what the shell test scripts share.  A script sets `suite`, then
# sources this (its first argument is the compiler, build/budgetc by
# default):
#
#   suite=hostile; . tests/lib.sh
#
# which gives it BIN, a scratch folder $tmp removed on exit, and
#   ok                  count a pass
#   bad MESSAGE         count a failure and print it
#   t NAME COMMAND...   the command must succeed (its output is discarded)
#   finish              print "SUITE: N passed, N failed"; the status is 1
#                       after any failure
set -u
BIN=${1:-build/budgetc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
t() {
    name=$1
    shift
    if "$@" >/dev/null 2>&1; then ok; else bad "$name"; fi
}
finish() {
    echo "$suite: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
