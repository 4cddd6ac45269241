#!/usr/bin/env bash
# Print the kernel build directory that `make module` builds against:
# KDIR when given, else the running kernel's headers, else the newest
# Debian ones (host_kdir in scripts/lib/kernel.sh).
#
# Usage: kernel-kdir.sh [KDIR]
set -euo pipefail
export LMM_TAG=lmm-module
# shellcheck source-path=SCRIPTDIR source=lib/kernel.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/kernel.sh"
host_kdir "${1:-}"
