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
INC      := -Icommon -Iuser
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all
SO_MAJOR := 1
SO_FULL  := 1.0.0

CORE_SRC := $(wildcard common/*.c)
USER_SRC := user/port.c user/port_pages.c user/port_log.c \
	    user/stdio_printer.c user/mm.c user/mem.c
LIB_SRC  := $(CORE_SRC) $(USER_SRC)
HDRS     := $(wildcard common/*.h user/*.h)
TEST_SRC := $(wildcard tests/cases/*.c tests/cunit/*.c)
TEST_HDRS := $(wildcard tests/cases/*.h tests/cunit/*.h)
TEST_INC := -Itests/cases -Itests/cunit
DEMOS    := lmm_demo mem_demo

LIB_OBJ  := $(LIB_SRC:%.c=$(B)/obj/%.o)
PIC_OBJ  := $(LIB_SRC:%.c=$(B)/pic/%.o)
SAN_LIB_OBJ := $(LIB_SRC:%.c=$(B)/san/%.o)
SAN_OBJ  := $(SAN_LIB_OBJ) $(TEST_SRC:%.c=$(B)/san/%.o)
LSAN_PROGS := $(patsubst tests/lsan/%.c,$(B)/lsan/%,$(wildcard tests/lsan/*.c))

.PHONY: all lib demos tests lsan run run-user check check-user install uninstall clean deps-user

# Fragments for the kernel module, KUnit and benchmarks add their steps to
# RUN_EXTRA and CHECK_EXTRA (they must be read before the rules below).
RUN_EXTRA   :=
CHECK_EXTRA :=
-include kernel/kernel.mk kernel/dkms.mk tests/kunit/kunit.mk tests/kunit/suites.mk bench/bench.mk \
	tests/tsan.mk tests/fuzz/fuzz.mk

all: lib demos

lib: $(B)/libcommon.a $(B)/libcommon.so

$(B)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(INC) -c $< -o $@

$(B)/pic/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -fPIC $(INC) -c $< -o $@

$(B)/san/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(INC) -c $< -o $@

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

$(B)/%: user/demos/%.c user/demos/demo.h $(B)/libcommon.a $(HDRS)
	$(CC) $(WARN) $(CFLAGS) $(INC) $< -o $@ $(B)/libcommon.a -lpthread

tests: $(B)/lmm_tests $(B)/lmm_tests_san

$(B)/lmm_tests: $(TEST_SRC) $(B)/libcommon.a $(HDRS) $(TEST_HDRS) | deps-user
	$(CC) $(WARN) $(CFLAGS) $(INC) $(TEST_INC) $(TEST_SRC) -o $@ \
		$(B)/libcommon.a -lcunit -lpthread

$(B)/lmm_tests_san: $(SAN_OBJ) | deps-user
	$(CC) $(SAN) $^ -o $@ -lcunit -lpthread

$(B)/san/tests/%.o: INC += $(TEST_INC)
$(TEST_SRC:%.c=$(B)/san/%.o): $(TEST_HDRS)

# Programs that end without freeing what lmm holds, run under LeakSanitizer.
$(B)/lsan/%: tests/lsan/%.c tests/lsan/lsan_check.h $(SAN_LIB_OBJ) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(INC) $< $(SAN_LIB_OBJ) -o $@ -lpthread

lsan: $(LSAN_PROGS) | deps-user
	tests/lsan/run.sh $(B)/lsan

deps-user:
	@scripts/need-pkgs gcc make libc6-dev libcunit1-dev valgrind pkg-config

run: run-user $(RUN_EXTRA)

run-user: deps-user demos
	@scripts/run-demos.sh $(B)

check-user: deps-user tests demos $(LSAN_PROGS)
	@echo "== CUnit suites"
	$(B)/lmm_tests
	@echo "== CUnit suites under ASan+UBSan"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 $(B)/lmm_tests_san
	@echo "== programs without teardown under LeakSanitizer"
	tests/lsan/run.sh $(B)/lsan
	@echo "== demos under valgrind"
	@scripts/run-demos.sh $(B) valgrind
	@echo "== install and pkg-config"
	@scripts/test-install.sh

check: check-user $(CHECK_EXTRA)

install: lib
	install -d $(DESTDIR)$(PREFIX)/include/lmm $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 common/lmm.h common/lmm_types.h user/lmm_user_types.h \
		user/uapi_mm.h user/mem.h \
		user/stdio_printer.h $(DESTDIR)$(PREFIX)/include/lmm/
	install -m 644 $(B)/libcommon.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/libcommon.so.$(SO_FULL) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libcommon.so.$(SO_FULL) $(DESTDIR)$(PREFIX)/lib/libcommon.so.$(SO_MAJOR)
	ln -sf libcommon.so.$(SO_FULL) $(DESTDIR)$(PREFIX)/lib/libcommon.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(SO_FULL)|' user/lmm.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/lmm.pc

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/include/lmm
	rm -f $(DESTDIR)$(PREFIX)/lib/libcommon.* $(DESTDIR)$(PREFIX)/lib/pkgconfig/lmm.pc

clean:
	rm -rf $(B)
