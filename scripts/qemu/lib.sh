# shellcheck shell=bash
# Kept for scripts that still source scripts/qemu/lib.sh: the helpers are
# in scripts/lib/util.sh now.
: "${LMM_TAG:=lmm-qemu}"
# shellcheck source-path=SCRIPTDIR source=../lib/util.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/util.sh"
