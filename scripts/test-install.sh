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
for prog in seed_lmm seed_mem; do
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Werror -o "$work/$prog-dyn" "$work/$prog.c" \
		$(pkg-config --cflags --libs lmm)
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Werror -static -o "$work/$prog-static" "$work/$prog.c" \
		$(pkg-config --static --cflags --libs lmm)
	LD_LIBRARY_PATH=$prefix/lib "$work/$prog-dyn" 2>/dev/null
	"$work/$prog-static" 2>/dev/null
	# Not grep -q: it would stop reading at the match, ldd would die of
	# SIGPIPE on its next line, and pipefail would call that a failure.
	if ldd "$work/$prog-dyn" | grep libcommon.so.1 >/dev/null; then
		echo "$prog: linked dynamically against libcommon.so.1"
	else
		echo "$prog: not linked against libcommon.so.1" >&2
		exit 1
	fi
done
echo "install: ok"
