#!/usr/bin/env bash
# Install into a temporary prefix and build a program for each seed API
# through pkg-config alone, linked statically and dynamically; run them.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT

make -s -C "$top" install PREFIX="$prefix" >/dev/null
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig

cat > "$work/seed_lmm.c" <<'C'
#include <stdio.h>
#include <uapi_mm.h>
typedef struct { char name[32]; unsigned id; } emp_t;
int main(void)
{
	mm_init();
	MM_REG_STRUCT(emp_t);
	emp_t *e = XCALLOC(4, emp_t);
	if (!e || e[3].id != 0)
		return 1;
	XFREE(e);
	puts("seed lmm ok");
	return 0;
}
C
cat > "$work/seed_mem.c" <<'C'
#include <stdio.h>
#include <mem.h>
int main(void)
{
	if (!Mem_Init(4096))
		return 1;
	char *p = Mem_Alloc(100);
	if (!p || Mem_Free(p) != 0 || Mem_Free(p) != -1)
		return 1;
	puts("seed mem ok");
	return 0;
}
C
# A program with kernel-style names of its own: the installed headers must
# neither define nor need them.  Built twice: its names first, then lmm's.
cat > "$work/own_names.c" <<'C'
#include <stdint.h>
#include <stdio.h>
#ifdef OWN_FIRST
#include "own_names.h"
#endif
#include <lmm.h>
#include <lmm_frontend.h>
#include <uapi_mm.h>
#include <mem.h>
#include <stdio_printer.h>
#ifndef OWN_FIRST
#include "own_names.h"
#endif
static __printf(1, 2) void say(const char *fmt, ...);
static void say(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
}
int main(void)
{
	struct lmm_family *family;
	struct lmm_stats stats;
	u64 *allocs = &stats.allocs;
	u32 page_index;
	size_t offset;
	u8 *p;

	if (lmm_family_create("bytes", sizeof(u16), NULL, &family))
		return 1;
	p = lmm_alloc(family, 3, NULL);
	if (unlikely(!p) || !likely(lmm_family_where(family, p, &page_index,
						      &offset) == 0))
		return 1;
	if (lmm_family_stats(family, &stats) || *allocs != 1)
		return 1;
	if (lmm_free(family, p) || lmm_family_destroy(family))
		return 1;
	say("own names ok: %u allocation at page %u\n", (unsigned)*allocs,
	    page_index);
	return 0;
}
C
cat > "$work/own_names.h" <<'C'
/* What a kernel-style program defines for itself, unlike lmm's port. */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#define likely(x) (x)
#define unlikely(x) (x)
#define __printf(a, b) __attribute__((format(printf, a, b)))
C
for first in -DOWN_FIRST -UOWN_FIRST; do
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Wextra -Werror -pedantic "$first" -I"$work" \
		-o "$work/own_names" "$work/own_names.c" \
		$(pkg-config --cflags --libs lmm)
	LD_LIBRARY_PATH=$prefix/lib "$work/own_names"
done
for hdr in "$prefix"/include/lmm/*.h; do
	if grep -Eq '\<(u8|u16|u32|u64|likely|__printf)\>' "$hdr"; then
		echo "$hdr: a kernel-style name in an installed header" >&2
		exit 1
	fi
done

for prog in seed_lmm seed_mem; do
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Werror -o "$work/$prog-dyn" "$work/$prog.c" \
		$(pkg-config --cflags --libs lmm)
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Werror -static -o "$work/$prog-static" "$work/$prog.c" \
		$(pkg-config --static --cflags --libs lmm)
	LD_LIBRARY_PATH=$prefix/lib "$work/$prog-dyn" 2>/dev/null
	"$work/$prog-static" 2>/dev/null
	# grep reads all: -q would quit early, and pipefail see ldd's SIGPIPE.
	if ldd "$work/$prog-dyn" | grep libcommon.so.1 >/dev/null; then
		echo "$prog: linked dynamically against libcommon.so.1"
	else
		echo "$prog: not linked against libcommon.so.1" >&2
		exit 1
	fi
done
if ! "$prefix/bin/lmmsim" -c -A "+100" | grep -q "returned 16"; then
	echo "lmmsim: not installed, or it does not run" >&2
	exit 1
fi
echo "install: ok"
