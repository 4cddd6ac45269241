# SPDX-License-Identifier: GPL-2.0 OR MIT
# Coverage-guided fuzzing with clang's libFuzzer.  Included by the top
# Makefile.
#
#   make fuzz         each target for FUZZ_S seconds (default 60); what it
#                     finds is merged into tests/fuzz/corpus/<target>/
#   make fuzz-check   each target for FUZZ_CHECK_S seconds (default 20)
#                     from the committed corpus, read-only, and every
#                     reproducer in tests/fuzz/repro/ (part of make check)
#
# FUZZ_EXTRA_CFLAGS adds compiler flags, for example
# -DFUZZ_DESTROYED_HANDLES=0 (see fuzz_native.c); rebuild after changing it
# (rm -r build/fuzz).
#
# Every binary is built from the sources themselves, with the sanitizers,
# not from libcommon: coverage must reach into the core.  Each target has
# its objects in build/fuzz/obj/<target>/ (its include path may differ),
# with their header dependencies (-MMD).

FUZZ_B       := $(B)/fuzz
FUZZ_S       ?= 60
FUZZ_CHECK_S ?= 20
FUZZ_CC      := clang
FUZZ_CFLAGS  := -std=c11 -Wall -Wextra -Werror -g -O1 -Icommon -Iuser/types -Iuser \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer $(FUZZ_EXTRA_CFLAGS)
FUZZ_TARGETS := fuzz_native fuzz_seed fuzz_mem fuzz_proc fuzz_corrupt
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_B)/%)
# clang alone lacks libFuzzer's runtime: it is only recommended.
FUZZ_PKGS    := clang libclang-rt-dev

FUZZ_LMM_SRC := $(CORE_SRC) user/mm.c user/mem.c user/stdio_printer.c

# The entry points of the targets whose input is a program.
FUZZ_PROGRAM_SRC := tests/fuzz/fuzz_program.c

FUZZ_USER_PORT := user/port.c user/port_pages.c user/port_log.c

FUZZ_SRC_fuzz_native  := $(FUZZ_PROGRAM_SRC) $(FUZZ_LMM_SRC) $(FUZZ_USER_PORT)
FUZZ_SRC_fuzz_seed    := $(FUZZ_PROGRAM_SRC) $(FUZZ_LMM_SRC) $(FUZZ_USER_PORT)
FUZZ_SRC_fuzz_mem     := $(FUZZ_PROGRAM_SRC) $(FUZZ_LMM_SRC) $(FUZZ_USER_PORT)
# The corruption target gets its pages (with guard pages) and its log
# (counted) from a port of its own; the locks and the rest are the user's.
FUZZ_SRC_fuzz_corrupt := $(FUZZ_PROGRAM_SRC) $(FUZZ_LMM_SRC) user/port.c \
			 tests/fuzz/fuzz_port.c
# The /proc/lmm parser, unchanged, over fake <linux/...> headers.
FUZZ_SRC_fuzz_proc    := kernel/proc_cmd.c
FUZZ_INC_fuzz_proc    := -Itests/fuzz/shim -Ikernel

.PHONY: fuzz fuzz-check fuzz-build deps-fuzz

define fuzz_binary
FUZZ_OBJ_$(1) := $$(patsubst %.c,$(FUZZ_B)/obj/$(1)/%.o,\
	tests/fuzz/$(1).c tests/fuzz/fuzz_util.c $(FUZZ_SRC_$(1)))
EXTRA_DEPS += $$(FUZZ_OBJ_$(1))

$(FUZZ_B)/obj/$(1)/%.o: %.c | deps-fuzz
	@mkdir -p $$(dir $$@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_INC_$(1)) $$(DEPFLAGS) -c $$< -o $$@

$(FUZZ_B)/$(1): $$(FUZZ_OBJ_$(1)) | deps-fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) $$^ -o $$@ -lpthread
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_binary,$(t))))

deps-fuzz:
	@scripts/need-pkgs $(FUZZ_PKGS)

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	tests/fuzz/run.sh grow $(FUZZ_S) $(FUZZ_B) $(FUZZ_TARGETS)

fuzz-check: $(FUZZ_BINS)
	tests/fuzz/run.sh check $(FUZZ_CHECK_S) $(FUZZ_B) $(FUZZ_TARGETS)

CHECK_EXTRA += fuzz-check
