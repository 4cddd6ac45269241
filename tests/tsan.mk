# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# ThreadSanitizer: `make tsan` builds the CUnit suites and libcommon with
# clang -fsanitize=thread into build/tsan/ and runs the suites that start
# threads (TSAN_SUITES).  Any report fails the run: halt_on_error makes
# the process exit at the first one (a race case's child process as well:
# the case then fails and echoes the report).  Included by the top
# Makefile; `make check` runs it through CHECK_EXTRA.
#
#   make tsan                          thread and race suites
#   make tsan TSAN_SUITES=             every suite (slower)
#   make tsan TSAN_SUITES=race/stats_race_destroy
#
# The userspace port skips its locks while the process has one thread
# (__libc_single_threaded); that flag turns false before a second thread
# starts, and TSan sees the pthread mutexes taken from then on, so the
# skipping causes no false report.  tests/tsan.supp lists suppressions
# for reports that are not lmm's bugs (none so far).

TSAN_CC     := clang
TSAN_FLAGS  := -fsanitize=thread -O1 -g -fno-omit-frame-pointer
TSAN_DIR    := $(B)/tsan
TSAN_BIN    := $(TSAN_DIR)/lmm_tests
TSAN_SUITES ?= thread race
TSAN_OPTS   := halt_on_error=1:second_deadlock_stack=1:history_size=4:suppressions=$(CURDIR)/tests/tsan.supp
# clang's TSan runtime is only a Recommends of clang in Debian.
TSAN_PKGS   := clang libclang-rt-dev libcunit1-dev

TSAN_OBJ := $(LIB_SRC:%.c=$(TSAN_DIR)/obj/%.o) \
	    $(TEST_SRC:%.c=$(TSAN_DIR)/obj/%.o)

.PHONY: tsan deps-tsan

CHECK_EXTRA += tsan

deps-tsan:
	@scripts/need-pkgs $(TSAN_PKGS)

EXTRA_DEPS += $(TSAN_OBJ)

$(TSAN_DIR)/obj/%.o: %.c | deps-tsan
	@mkdir -p $(dir $@)
	$(TSAN_CC) $(WARN) $(TSAN_FLAGS) $(DEPFLAGS) $(INC) -c $< -o $@

$(CORE_SRC:%.c=$(TSAN_DIR)/obj/%.o): INC := $(CORE_INC)
$(TSAN_DIR)/obj/tests/%.o: INC += $(TEST_INC)

$(TSAN_BIN): $(TSAN_OBJ) | deps-tsan
	$(TSAN_CC) $(TSAN_FLAGS) $^ -o $@ -lcunit -lpthread

# Without address randomisation: clang 14's TSan runtime cannot map its
# shadow when vm.mmap_rnd_bits is 32 (some distributions' kernels since
# 2023: "unexpected memory mapping"); setarch -R (util-linux) avoids it.
tsan: $(TSAN_BIN)
	@echo "== CUnit suites under ThreadSanitizer: $(or $(TSAN_SUITES),all)"
	TSAN_OPTIONS=$(TSAN_OPTS) setarch $$(uname -m) -R \
		$(TSAN_BIN) $(TSAN_SUITES)
