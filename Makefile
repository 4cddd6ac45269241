# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# lmm - the Linux memory manager.  The two commands README.md promises:
#
#   make run     build everything, run the demos, tour the module in QEMU
#   make check   every test: CUnit (plain, then ASan+UBSan), valgrind, ...
#
# Both install the Debian packages they need when they are missing.

PREFIX   ?= /usr/local
B        := build
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -Wall -Wextra -Werror
# The core sees only common/ and its port's types (user/types): the port
# header is its one seam.  Everything else may include user/'s headers too.
CORE_INC := -Icommon -Iuser/types
INC      := $(CORE_INC) -Iuser
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all
SO_MAJOR := 1
SO_FULL  := 1.0.0

CORE_SRC := $(wildcard common/*.c)
USER_SRC := user/port.c user/port_pages.c user/port_log.c \
	    user/stdio_printer.c user/mm.c user/mem.c
LIB_SRC  := $(CORE_SRC) $(USER_SRC)
HDRS     := $(wildcard common/*.h user/*.h user/types/*.h)
# lmmtop: the live view of /proc/lmm, static for the QEMU guest's busybox.
LMMTOP_SRC := user/lmmtop/lmmtop_parse.c user/lmmtop/lmmtop_view.c
TEST_SRC := $(wildcard tests/cases/*.c tests/cunit/*.c) $(LMMTOP_SRC)
TEST_INC := -Itests/cases -Itests/cunit -Iuser/lmmtop
# Each object and program lists the headers it read in a .d file beside it
# (-MMD; -MP keeps a deleted header from breaking the build), read back
# below: touching a header rebuilds what includes it, nothing else.
DEPFLAGS = -MMD -MP -MF $(basename $@).d
DEMOS    := lmm_demo mem_demo check_demo

LIB_OBJ  := $(LIB_SRC:%.c=$(B)/obj/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(B)/obj/%.o)
PIC_OBJ  := $(LIB_SRC:%.c=$(B)/pic/%.o)
SAN_LIB_OBJ := $(LIB_SRC:%.c=$(B)/san/%.o)
SAN_OBJ  := $(SAN_LIB_OBJ) $(TEST_SRC:%.c=$(B)/san/%.o)
LSAN_PROGS := $(patsubst tests/lsan/%.c,$(B)/lsan/%,$(wildcard tests/lsan/*.c))

.PHONY: all lib demos sim tests lsan run run-user check check-user install uninstall clean deps-user

# The first target is the default one: plain `make` builds what README.md
# says it builds, whatever the fragments included below define.
all: lib demos sim $(B)/lmmtop

# Fragments for the kernel module, KUnit and benchmarks add their steps to
# RUN_EXTRA and CHECK_EXTRA (they must be read before the rules below) ...
RUN_EXTRA   :=
CHECK_EXTRA :=
# ... and name, in EXTRA_DEPS, the objects and programs they build with
# $(DEPFLAGS), whose .d files are read at the end.
EXTRA_DEPS  :=
-include kernel/kernel.mk kernel/shell.mk kernel/dkms.mk tests/kunit/kunit.mk tests/kunit/suites.mk bench/bench.mk \
	tests/tsan.mk tests/fuzz/fuzz.mk

lib: $(B)/libcommon.a $(B)/libcommon.so

# The core's objects, in every flavour, are built without -Iuser.
$(CORE_SRC:%.c=$(B)/obj/%.o) $(CORE_SRC:%.c=$(B)/pic/%.o) \
$(CORE_SRC:%.c=$(B)/san/%.o): INC := $(CORE_INC)

# gcc's SLP vectorizer packs the core's side-by-side counter updates
# (units, blocks, allocs; a queue's blocks and bytes) into SSE loads,
# shuffles and stores that cost more than the adds: without it the bench
# runs 9-14 fewer instructions per operation at the same wall time.
# -fno-plt: the memset of every allocation is called through the GOT,
# not through a PLT stub (one jump less).
$(CORE_SRC:%.c=$(B)/obj/%.o) $(CORE_SRC:%.c=$(B)/pic/%.o): \
	CFLAGS += -fno-tree-slp-vectorize -fno-plt

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(DEPFLAGS) $(INC) -c $< -o $@

$(B)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -fPIC $(DEPFLAGS) $(INC) -c $< -o $@

$(B)/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(DEPFLAGS) $(INC) -c $< -o $@

$(B)/libcommon.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/libcommon.so.$(SO_FULL): $(PIC_OBJ) user/libcommon.map
	$(CC) -shared -Wl,-soname,libcommon.so.$(SO_MAJOR) \
		-Wl,--version-script=user/libcommon.map -o $@ $(PIC_OBJ) -lpthread

$(B)/libcommon.so: $(B)/libcommon.so.$(SO_FULL)
	ln -sf libcommon.so.$(SO_FULL) $(B)/libcommon.so.$(SO_MAJOR)
	ln -sf libcommon.so.$(SO_FULL) $@

demos: $(DEMOS:%=$(B)/%)

$(B)/%: user/demos/%.c $(B)/libcommon.a
	$(CC) $(WARN) $(CFLAGS) $(DEPFLAGS) $(INC) $< -o $@ \
		$(B)/libcommon.a -lpthread

$(B)/lmmtop: user/lmmtop/lmmtop.c $(LMMTOP_SRC) user/lmmtop/lmmtop_parse.h | deps-user
	$(CC) $(WARN) $(CFLAGS) -static user/lmmtop/lmmtop.c $(LMMTOP_SRC) -o $@

# lmmsim replays traces on the core; its arena.c replaces the library's
# page provider (user/port_pages.c) by being linked before libcommon.a.
SIM_SRC := $(wildcard user/lmmsim/*.c)
SIM_TRACE := +1000,+100,+1000,+100,+1000,-0,-2,+800,+1000,+1000
sim: $(B)/lmmsim

$(B)/lmmsim: $(SIM_SRC) user/lmmsim/lmmsim.h $(B)/libcommon.a $(HDRS)
	$(CC) $(WARN) $(CFLAGS) $(INC) $(SIM_SRC) -o $@ $(B)/libcommon.a -lpthread

tests: $(B)/lmm_tests $(B)/lmm_tests_san

$(B)/lmm_tests: $(TEST_OBJ) $(B)/libcommon.a | deps-user
	$(CC) $^ -o $@ -lcunit -lpthread

$(B)/lmm_tests_san: $(SAN_OBJ) | deps-user
	$(CC) $(SAN) $^ -o $@ -lcunit -lpthread

$(B)/obj/tests/%.o $(B)/san/tests/%.o: INC += $(TEST_INC)

# Programs that end without freeing what lmm holds, run under LeakSanitizer.
$(B)/lsan/%: tests/lsan/%.c $(SAN_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(DEPFLAGS) $(INC) $< $(SAN_LIB_OBJ) \
		-o $@ -lpthread

lsan: $(LSAN_PROGS) | deps-user
	tests/lsan/run.sh $(B)/lsan

deps-user:
	@scripts/need-pkgs gcc make libc6-dev libcunit1-dev valgrind pkg-config

# Last of all: one trace under the three policies, where they differ.
run: run-user $(RUN_EXTRA)
	@echo "==== lmmsim --compare: the same trace under worst, best and first fit"
	$(B)/lmmsim -c --compare -A "$(SIM_TRACE)"

run-user: deps-user demos sim
	@scripts/run-demos.sh $(B)

check-user: deps-user all tests $(LSAN_PROGS)
	@echo "== CUnit suites"
	$(B)/lmm_tests
	@echo "== CUnit suites under ASan+UBSan"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 $(B)/lmm_tests_san
	@echo "== programs without teardown under LeakSanitizer"
	tests/lsan/run.sh $(B)/lsan
	@echo "== demos against their saved output (tests/demos/)"
	@scripts/run-demos.sh $(B) check
	@echo "== demos under valgrind"
	@scripts/run-demos.sh $(B) valgrind
	@echo "== every command of the tour (Documentation/tour/), as written"
	@tests/tour/run.sh
	@echo "== lmmsim: expected outputs, bad input, valgrind, HTML in chromium"
	@tests/lmmsim/run.sh $(B)/lmmsim
	@echo "== install and pkg-config"
	@scripts/test-install.sh
	@echo "== exports: headers, kernel/exports.c, user/libcommon.map"
	@scripts/check-exports.sh $(B)/libcommon.so

check: check-user $(CHECK_EXTRA)

install: lib sim
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(B)/lmmsim $(DESTDIR)$(PREFIX)/bin/
	install -d $(DESTDIR)$(PREFIX)/include/lmm $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 common/lmm.h common/lmm_frontend.h common/lmm_walk.h \
		user/uapi_mm.h user/mem.h \
		user/stdio_printer.h $(DESTDIR)$(PREFIX)/include/lmm/
	install -m 644 $(B)/libcommon.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/libcommon.so.$(SO_FULL) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libcommon.so.$(SO_FULL) $(DESTDIR)$(PREFIX)/lib/libcommon.so.$(SO_MAJOR)
	ln -sf libcommon.so.$(SO_FULL) $(DESTDIR)$(PREFIX)/lib/libcommon.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(SO_FULL)|' user/lmm.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/lmm.pc

# Only the .d files that exist: make would otherwise try to build each.
-include $(wildcard $(patsubst %,%.d,$(basename \
	$(LIB_OBJ) $(PIC_OBJ) $(SAN_OBJ) $(TEST_OBJ) $(DEMOS:%=$(B)/%) \
	$(LSAN_PROGS) $(EXTRA_DEPS))))

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/include/lmm
	rm -f $(DESTDIR)$(PREFIX)/lib/libcommon.* $(DESTDIR)$(PREFIX)/lib/pkgconfig/lmm.pc
	rm -f $(DESTDIR)$(PREFIX)/bin/lmmsim

clean:
	rm -rf $(B)
