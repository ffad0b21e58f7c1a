#!/bin/sh
# install-deps.sh [build|test]: make sure the tools budgetc needs are
# present, installing Debian's packages for the missing ones (as root), so
# that `make demo` and `make check` work on a fresh Debian 12 machine.
# "build" (the default) is what compiling needs; "test" adds what the test
# suite's real readers need (a spreadsheet library, headless Chromium with
# CJK fonts, valgrind).  Prints what it does; exits non-zero only when
# something is missing and cannot be installed.
set -eu
what=${1:-build}

missing=""
need() { # need COMMAND-OR-FILE PACKAGE
    case "$1" in
    /*) [ -e "$1" ] || missing="$missing $2" ;;
    *) command -v "$1" >/dev/null 2>&1 || missing="$missing $2" ;;
    esac
}

need re2c re2c
need lemon lemon
need /usr/share/lemon/lempar.c lemon
need /usr/include/cmocka.h libcmocka-dev
need /usr/include/xlsxwriter.h libxlsxwriter-dev
need /usr/include/zip.h libzip-dev
need /usr/include/expat.h libexpat1-dev
need cc gcc
need make make
need /usr/bin/python3 python3
if [ "$what" = test ]; then
    need /usr/lib/python3/dist-packages/openpyxl python3-openpyxl
    need valgrind valgrind
    need chromium chromium
    need /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc fonts-noto-cjk
fi

# drop duplicates
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')
[ -z "${missing# }" ] && exit 0

echo "install-deps: missing Debian packages:$missing"
if [ "$(id -u)" != 0 ]; then
    echo "install-deps: run as root, or: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
