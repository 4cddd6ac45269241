# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# kernel/dkms.mk - lmm.ko through DKMS (dkms.conf at the top), read by the
# top-level Makefile before its rules.
#
#   make dkms-install [KREL=release]  sources to /usr/src/lmm-<version>,
#                                     dkms add, build, install (root: sudo)
#   make dkms-uninstall               dkms remove --all, sources removed
#   make check-dkms                   in a private DKMS tree: build and
#                                     install against Debian's 6.1 and 6.12
#                                     headers, load in QEMU, dkms remove

.PHONY: dkms-install dkms-uninstall check-dkms

CHECK_EXTRA += check-dkms

dkms-install:
	@scripts/dkms.sh install $(KREL)

dkms-uninstall:
	@scripts/dkms.sh uninstall

check-dkms:
	@scripts/dkms.sh test
