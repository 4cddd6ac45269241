# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# kernel/shell.mk - the interactive QEMU session and its test (included by
# the top-level Makefile before its rules).
#
#   make shell        boot lmm.ko in QEMU and stay at a busybox shell with
#                     lmm_demo.ko and lmmtop (poweroff or Ctrl-A X ends it);
#                     LMM_KERNEL=6.12 boots the other kernel
#   make check-shell  the same session driven in tmux: lmmtop, its sort
#                     keys, the tour's guest commands, poweroff

.PHONY: shell check-shell

CHECK_EXTRA += check-shell

shell: $(B)/lmmtop
	@LMMTOP=$(B)/lmmtop scripts/kernel-shell.sh $(LMM_KERNEL)

check-shell: $(B)/lmmtop
	@scripts/kernel-shell-test.sh
