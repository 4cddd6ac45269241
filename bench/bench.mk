# SPDX-License-Identifier: GPL-2.0 OR MIT
# Benchmarks: `make bench` (quick table), `make bench-full` (writes
# Documentation/benchmarks.rst with plots), `make bench-floor` (what the
# checks cost: bench/floor.sh).  Included by the top Makefile.

BENCH_BIN := $(B)/bench/lmm_bench
BENCH_PKGS := python3 valgrind gnuplot-nox libjemalloc2 libmimalloc2.0 \
	      libtcmalloc-minimal4

.PHONY: bench bench-full bench-kernel bench-floor

EXTRA_DEPS += $(BENCH_BIN)

$(BENCH_BIN): bench/bench.c $(B)/libcommon.a
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -Wall -Wextra -Werror -O2 -g $(DEPFLAGS) $(INC) $< \
		-o $@ $(B)/libcommon.a -lpthread

bench: $(BENCH_BIN)
	@scripts/need-pkgs $(BENCH_PKGS)
	python3 bench/run.py --bin $(BENCH_BIN) --quick

# Instructions per operation with and without the hardening's checks.
bench-floor:
	@bench/floor.sh

# lmm against kmem_cache and kmalloc inside Debian's kernel, under QEMU.
bench-kernel:
	@scripts/kernel-bench.sh $(LMM_KERNEL)

# The kernel figures go into the same page: they are measured first.
bench-full: $(BENCH_BIN)
	@scripts/need-pkgs $(BENCH_PKGS)
	scripts/kernel-bench.sh $(LMM_KERNEL) > $(B)/bench/kernel.txt
	python3 bench/run.py --bin $(BENCH_BIN) --full \
		--kernel $(B)/bench/kernel.txt --notes bench/analysis.rst \
		--rst Documentation/benchmarks.rst --svg-dir Documentation/images
