#!/bin/sh
# Install the Debian packages descent needs, when they are missing.
# As root: apt-get update, then apt-get install. With passwordless sudo: the
# same through sudo. Otherwise: print the exact command and stop.
# Usage: scripts/setup.sh [extra packages...]
set -eu

PACKAGES="gcc make pkg-config libgsl-dev libhdf5-dev hdf5-tools libcmocka-dev \
libinih-dev libssl-dev libsleef-dev gnuplot-nox zlib1g-dev libdsdp-dev libblas-dev liblapack-dev libgfortran-12-dev binutils"
# fonts-dejavu-core: the font every figure names (plots/style.gp), which
# fontconfig would otherwise only pull in as one of several choices
PACKAGES="$PACKAGES fonts-dejavu-core"
# chromium: make test opens the HTML report in it (tests/cli_html.sh);
# octave: it reads an export as the README shows (tests/cli_octave.sh)
PACKAGES="$PACKAGES chromium octave"
# qemu-user: make test runs the suites on emulated older CPUs
# (tests/cli_cpus.sh)
PACKAGES="$PACKAGES qemu-user"
PACKAGES="$PACKAGES $*"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "descent: installing missing packages:$missing" >&2
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "descent: these Debian packages are missing and I cannot install them without root." >&2
    echo "Run as root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
