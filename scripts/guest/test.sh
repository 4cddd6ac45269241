#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The tests of lmm.ko, run inside QEMU as /init-tour (busybox sh) by
# scripts/kernel-test.sh: every /proc/lmm command, accepted and refused,
# privileges, thousands of pages, the parameters, the client module,
# unload and reload.  Ends with "N passed, N failed"; exits non-zero if
# anything failed.
M=/lib/modules-extra
W=$M/lmm-write
P=/sys/module/lmm/parameters
passed=0
failed=0

pass() {
	passed=$((passed + 1))
	echo "PASS: $*"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL: $*"
}

section() {
	echo
	echo "==== $*"
}

# check DESCRIPTION CMD...: CMD must succeed.
check() {
	desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# expect RESULT [lmm-write options] TEXT: one write(), its exact outcome.
expect() {
	want=$1
	shift
	got=$("$W" "$@")
	if [ "$got" = "$want" ]; then
		pass "write $* -> $want"
	else
		fail "write $* -> $got, expected $want"
	fi
}

# field FAMILY COLUMN [OWNER]: a column of the row of OWNER's (default
# proc's) family in the usage table, counted from the family name (2 size,
# 3 pages, 4 cached, 5 units, 6 blocks, 14 allocs); the owner is before it.
field() {
	awk -v f="$1" -v c="$2" -v o="${3:-proc}" '
		/^families:$/ { t = 1; next }
		t && /^$/ { t = 0 }
		t && $1 == o && $2 == f { print $(c + 1) }' /proc/lmm
}

# families: OWNER/NAME of each row of the usage table.
families() {
	awk '/^families:$/ { t = 1; next } t && /^$/ { t = 0 }
	     t && $1 != "owner" { print $1 "/" $2 }' /proc/lmm
}

# handle N: the line of handle N (number family units bytes page offset).
handle() {
	awk -v h="$1" '/^handles:/ { t = 1; next } t && $1 == h' /proc/lmm
}

no_kernel_address() {
	! grep -Eiq '(0x)?ffff[0-9a-f]{8}' "$1"
}

echo "LMM-TEST-BEGIN"
boot_lines=$(dmesg | wc -l)

section "load"
check "insmod lmm.ko" insmod $M/lmm.ko || exit 1
check "/proc/lmm is mode 0644, owned by root" \
	sh -c 'ls -l /proc/lmm | grep -q "^-rw-r--r-- *1 root *root "'
check "first line: version, page size and format" \
	test "$(head -n 1 /proc/lmm)" = "lmm version 1.0, page size 4096, format 3"
check "second line: the legend of every size and of frag%" \
	test "$(sed -n 2p /proc/lmm)" = "(sizes exclude the 8-byte block header; frag = 1 - largest free / total free)"
check "a header row names every column" grep -q \
	'^owner  *family  *size  *pages  *cached  *units  *blocks  *payload_B  *free_B  *free_blk  *largest  *frag%  *pg_req  *pg_rel  *allocs  *frees  *failed  *badfree  *damage$' \
	/proc/lmm
check "no family yet" test -z "$(families)"
for p in cache_pages proc_max_bytes proc_max_handles; do
	check "parameter $p in $P" test -r $P/$p
done
check "cache_pages defaults to 2" test "$(cat $P/cache_pages)" = 2
check "nobody may read /proc/lmm" \
	su nobody -s /bin/sh -c 'head -n 1 /proc/lmm >/dev/null'

section "commands that work"
expect ok "register point 24"
check "point in the table, 24 bytes" test "$(field point 2)" = 24
expect ok "alloc point 3"
expect ok "alloc point 1"
check "handle 1: point, 3 units, 72 bytes" \
	test "$(handle 1 | awk '{ print $2, $3, $4 }')" = "point 3 72"
check "handle 2: point, 1 unit" \
	test "$(handle 2 | awk '{ print $2, $3 }')" = "point 1"
check "point: 4 units in 2 blocks on 1 page" \
	test "$(field point 5) $(field point 6) $(field point 3)" = "4 2 1"
check "block map of page 0" grep -q '^  page 0: 1 page, 2 live blocks$' /proc/lmm
check "the map shows capacities: 3 points use 72 of their block's 80 bytes" \
	grep -q '^    page 0 offset    96: used     72 bytes, 3 units$' /proc/lmm
expect ok -e 'free 1\n'
check "handle 1 gone" test -z "$(handle 1)"
check "handle 2 stays" test -n "$(handle 2)"
expect ok "	check  "
check "check logs its verdict" \
	sh -c 'dmesg | grep -q "lmm: check: all invariants hold"'
expect EBUSY "unregister point"
expect ok "free 2"
expect ok "unregister point"
check "point gone" test -z "$(field point 2)"
expect ok "reset"

section "refused commands change nothing"
expect ok "register neg 16"
expect ok "alloc neg 2"
cp /proc/lmm /tmp/before
long_name=nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn
expect EINVAL ""
expect EINVAL -e '\n'
expect EINVAL "   "
expect EINVAL "frobnicate"
expect EINVAL "REGISTER x 8"
expect EINVAL "checkx"
expect EINVAL "register"
expect EINVAL "register x"
expect EINVAL "register x 8 9"
expect EINVAL "register x 0"
expect EINVAL "register x -8"
expect EINVAL "register x +8"
expect EINVAL "register x 0x10"
expect EINVAL "register x 8k"
expect EINVAL "register x 1.5"
expect EINVAL "register x 18446744073709551616"
expect EINVAL "register x 99999999999999999999999999"
expect EINVAL "register x 18446744073709551615"
expect EINVAL "register x 16777217"
expect EINVAL "register bad-name 8"
expect EINVAL "register $long_name 8"
expect EINVAL -e 'register x\x008'
expect EINVAL -e 'register x 8\x00'
expect EINVAL -e 'register \xc3\xa9 8'
expect EINVAL -e 'register x 8\n\n'
expect EINVAL -e 'register x\n8'
expect EINVAL -e 'register x 8\r\n'
expect EINVAL -e '\x1b[2Jcheck'
expect EINVAL -e '\xff\xfe\xfd'
expect EINVAL "$(printf '%-257s' check)"
expect EINVAL -s 4096 "check "
expect EINVAL -s 65535 "x"
expect EEXIST "register neg 16"
expect EEXIST "register neg 32"
expect ENOENT "unregister nosuch"
expect EINVAL "unregister"
expect EINVAL "unregister neg extra"
expect EINVAL "unregister bad-name"
expect EBUSY "unregister neg"
expect ENOENT "alloc nosuch 1"
expect EINVAL "alloc neg"
expect EINVAL "alloc neg 0"
expect EINVAL "alloc neg -1"
expect EINVAL "alloc neg 1 2"
expect EINVAL "alloc neg 1152921504606846976"
expect EINVAL "alloc neg 18446744073709551615"
expect ENOMEM "alloc neg 1048577"
expect EINVAL "free"
expect EINVAL "free 0"
expect EINVAL "free -1"
expect EINVAL "free one"
expect EINVAL "free 1 2"
expect ENOENT "free 2"
expect ENOENT "free 18446744073709551615"
expect EINVAL "free 18446744073709551616"
expect EINVAL "reset now"
expect EINVAL "check all"
cp /proc/lmm /tmp/after
check "/proc/lmm is the same after all of them" cmp -s /tmp/before /tmp/after
expect ok "$(printf '%-256s' check)"

section "privileges"
got=$(su nobody -s /bin/sh -c "$W 'register x 8'")
check "nobody cannot open /proc/lmm for writing ($got)" test "$got" = "open:EACCES"
check "nobody's echo is refused" \
	sh -c "! su nobody -s /bin/sh -c 'echo register x 8 >/proc/lmm' 2>/dev/null"
expect EPERM -m noadmin "register x 8"
expect EPERM -m open-noadmin "register x 8"
expect ok -m write-nobody "register viafd 8"
check "opened by root, written by nobody: registered" test "$(field viafd 2)" = 8
check "x was never registered" test -z "$(field x 2)"
expect ok "unregister viafd"

section "a client module: lmm_demo.ko"
check "insmod lmm_demo.ko" insmod $M/lmm_demo.ko
check "emp_t of lmm_demo: 3 units of 36 bytes" \
	test "$(field emp_t 5 lmm_demo) $(field emp_t 2 lmm_demo)" = "3 36"
check "student_t of lmm_demo: 2 units of 56 bytes" \
	test "$(field student_t 5 lmm_demo) $(field student_t 2 lmm_demo)" = "2 56"
check "rmmod lmm is refused while lmm_demo is loaded" sh -c '! rmmod lmm 2>/dev/null'
check "lmm is still there" test -e /proc/lmm
# /proc's names are its own: lmm_demo's families are not even seen.
expect ENOENT "unregister emp_t"
expect ENOENT "alloc emp_t 1"
expect ENOENT "unregister student_t"
check "lmm_demo's emp_t untouched: 3 units, 3 allocations" \
	test "$(field emp_t 5 lmm_demo) $(field emp_t 14 lmm_demo)" = "3 3"
expect ok "register student_t 8"
check "student_t twice: lmm_demo's 56 bytes, /proc's 8" \
	test "$(field student_t 2 lmm_demo) $(field student_t 2)" = "56 8"
cp /proc/lmm /tmp/with-demo
cat /proc/lmm
check "no kernel address in /proc/lmm" no_kernel_address /tmp/with-demo
check "read 1 byte at a time: the same text" \
	test "$(dd if=/proc/lmm bs=1 2>/dev/null | md5sum)" = "$(md5sum </tmp/with-demo)"
expect ok "reset"
check "reset: /proc's families gone, lmm_demo's stay" \
	test "$(families | tr '\n' ' ')" = "lmm_demo/emp_t lmm_demo/student_t "
expect ok "register again 8"
expect ok "alloc again 1"
check "reset: handles count from 1 again" test -n "$(handle 1)"
check "rmmod lmm_demo" rmmod lmm_demo
check "emp_t and student_t gone" test "$(families | tr '\n' ' ')" = "proc/again "
expect ok "reset"

section "one name, two owners: /proc's emp_t, then lmm_demo's"
expect ok "register emp_t 36"
expect ok "alloc emp_t 2"
check "insmod lmm_demo.ko beside /proc's emp_t" insmod $M/lmm_demo.ko
check "both emp_t listed, each with its owner" \
	test "$(families | tr '\n' ' ')" = "proc/emp_t lmm_demo/emp_t lmm_demo/student_t "
check "/proc's emp_t: 2 units; lmm_demo's: 3" \
	test "$(field emp_t 5) $(field emp_t 5 lmm_demo)" = "2 3"
check "the block map names both owners" sh -c \
	"grep -q '^family emp_t, owner proc: 1 page in use, 0 cached\$' /proc/lmm &&
	 grep -q '^family emp_t, owner lmm_demo: 1 page in use, 0 cached\$' /proc/lmm"
expect EEXIST "register emp_t 8"
expect EBUSY "unregister emp_t"
expect ok "alloc emp_t 1"
check "alloc went to /proc's emp_t, not lmm_demo's" \
	test "$(field emp_t 5) $(field emp_t 5 lmm_demo)" = "3 3"
check "handle 2 is of /proc's emp_t" \
	test "$(handle 2 | awk '{ print $2, $3, $4 }')" = "emp_t 1 36"
expect ENOENT "unregister student_t"
expect ENOENT "alloc student_t 1"
expect ENOENT "free 3"
check "lmm_demo's families untouched: 3 and 2 units, no free" \
	test "$(field emp_t 5 lmm_demo) $(field student_t 5 lmm_demo) $(field emp_t 15 lmm_demo)" = "3 2 0"
expect ok "check"
check "rmmod lmm_demo" rmmod lmm_demo
check "only /proc's emp_t is left" test "$(families | tr '\n' ' ')" = "proc/emp_t "
check "/proc's emp_t intact: 3 units in 2 blocks, 36 bytes" \
	test "$(field emp_t 5) $(field emp_t 6) $(field emp_t 2)" = "3 2 36"
check "its handles are there" test -n "$(handle 1)" -a -n "$(handle 2)"
expect ok "check"
expect ok "free 1"
expect ok "free 2"
expect ok "unregister emp_t"
check "no family left" test -z "$(families)"
expect ok "reset"

section "lmm_demo.ko cross=1: a second page, a run of pages given back"
check "insmod lmm_demo.ko cross=1" insmod $M/lmm_demo.ko cross=1
check "emp_t of lmm_demo: 87 units on 2 pages" \
	test "$(field emp_t 5 lmm_demo) $(field emp_t 3 lmm_demo)" = "87 2"
check "student_t of lmm_demo: 3 pages taken, the run's 2 given back" \
	test "$(field student_t 12 lmm_demo) $(field student_t 13 lmm_demo)" = "3 2"
check "the block map shows page 1 of emp_t, with 4 employees" sh -c \
	"sed -n '/^family emp_t, owner lmm_demo:/,/^family student_t/p' /proc/lmm |
	 grep -q '^  page 1: 1 page, 4 live blocks\$'"
check "rmmod lmm_demo (cross=1)" rmmod lmm_demo
check "no family left after it" test -z "$(families)"

section "thousands of pages"
expect ok "register small1 8"
expect ok -n 3 "alloc small1 5"
expect ok "register big 2048"
expect ok -n 3000 "alloc big 1"
expect ok "register small2 1000"
expect ok -n 20 "alloc small2 2"
cp /proc/lmm /tmp/big
check "big: 3000 pages in use" test "$(field big 3)" = 3000
check "3000 page maps of one block, none cut" \
	test "$(sed -n '/^family big,/,/^family small2,/p' /tmp/big |
		grep -c '^  page [0-9]*: 1 page, 1 live block$')" = 3000
check "small2 after big: its 20 pages there" \
	test "$(sed -n '/^family small2, owner proc:/,/^$/p' /tmp/big | grep -c '^  page ')" = 20
check "the last page's map is there" grep -q '^    page 2999 offset ' /tmp/big
check "3023 handles listed" test "$(awk '/^handles:/ { print $2 }' /tmp/big)" = 3023
check "the last handle of big is listed" grep -q '^  3003 big ' /tmp/big
echo "/proc/lmm is now $(wc -c </tmp/big) bytes, $(wc -l </tmp/big) lines"
check "more than 64 pages of text" test "$(wc -c </tmp/big)" -gt 262144
check "read 97 bytes at a time: the same text" \
	test "$(dd if=/proc/lmm bs=97 2>/dev/null | md5sum)" = "$(md5sum </tmp/big)"
check "no kernel address in /proc/lmm" no_kernel_address /tmp/big
expect ok "check"
expect ok "reset"
check "reset freed them all" test -z "$(families)"

section "parameters"
check "cache_pages=0 accepted" sh -c "echo 0 >$P/cache_pages"
expect ok "register c0 2048"
expect ok "alloc c0 1"
expect ok "free 1"
check "cache_pages=0: the empty page is given back" \
	test "$(field c0 3) $(field c0 4)" = "0 0"
check "cache_pages=2 accepted" sh -c "echo 2 >$P/cache_pages"
expect ok "register c2 2048"
expect ok "alloc c2 1"
expect ok "free 2"
check "cache_pages=2: the empty page is kept" \
	test "$(field c2 3) $(field c2 4)" = "0 1"
check "cache_pages=-1 refused" sh -c "! echo -1 >$P/cache_pages 2>/dev/null"
check "cache_pages=1025 refused" sh -c "! echo 1025 >$P/cache_pages 2>/dev/null"
check "cache_pages=x refused" sh -c "! echo x >$P/cache_pages 2>/dev/null"
check "cache_pages still 2" test "$(cat $P/cache_pages)" = 2
echo 2 >$P/proc_max_handles
expect ok "alloc c2 1"
expect ok "alloc c2 1"
expect ENOMEM "alloc c2 1"
echo 65536 >$P/proc_max_handles
echo 100 >$P/proc_max_bytes
expect ENOMEM "alloc c2 1"
expect EINVAL "register small 101"
expect ok "register small 100"
echo 16777216 >$P/proc_max_bytes
expect ok "alloc c2 8192"
check "a run of pages: 8192 units of 2048 bytes" test "$(field c2 5)" = 8194
check "4099 pages: a run of 4097 and 2 single pages" test "$(field c2 3)" = 4099
expect ok "check"
expect ok "reset"

section "readers, writers and a client at once"
(
	i=0
	while [ $i -lt 200 ]; do
		cat /proc/lmm >/dev/null || exit 1
		i=$((i + 1))
	done
) &
reader=$!
(
	i=0
	while [ $i -lt 50 ]; do
		insmod $M/lmm_demo.ko && rmmod lmm_demo || exit 1
		i=$((i + 1))
	done
) &
client=$!
expect ok "register conc 40"
"$W" -n 500 "alloc conc 1" >/tmp/writer1 &
writer1=$!
"$W" -n 500 "alloc conc 1" >/tmp/writer2 &
writer2=$!
check "writer 1: 500 allocations" wait $writer1
check "writer 2: 500 allocations" wait $writer2
check "200 reads meanwhile" wait $reader
check "50 loads and unloads of lmm_demo meanwhile" wait $client
check "conc: 1000 units" test "$(field conc 5)" = 1000
check "1000 handles, 1 to 1000" \
	test "$(awk '/^handles:/ { print $2 }' /proc/lmm) $(handle 1000 | cut -c1-6)" = "1000   1000"
expect ok "check"
expect ok "reset"

section "unload and reload"
expect ok "register left 8"
expect ok "alloc left 5"
check "rmmod lmm with /proc families and handles live" rmmod lmm
check "/proc/lmm gone" test ! -e /proc/lmm
check "insmod lmm.ko again" insmod $M/lmm.ko
check "reloaded: no family" test -z "$(families)"
expect ok "register left 8"
expect ok "alloc left 5"
check "reloaded: handles count from 1" test -n "$(handle 1)"
check "insmod lmm_demo.ko leak=1" insmod $M/lmm_demo.ko leak=1
check "rmmod lmm_demo" rmmod lmm_demo
check "lmm_demo says it left one emp_t" \
	sh -c 'dmesg | grep -q "lmm_demo: left 1 emp_t live"'
check "emp_t stays with 1 unit" test "$(field emp_t 5 lmm_demo)" = 1
check "rmmod lmm" rmmod lmm
check "the leak is reported at info level" sh -c \
	'dmesg -r | grep -q "^<6>.*lmm: family emp_t: 1 blocks (1 units) still live at shutdown"'
check "insmod lmm.ko cache_pages=5" insmod $M/lmm.ko cache_pages=5
check "cache_pages is 5 from the start" test "$(cat $P/cache_pages)" = 5
check "rmmod lmm" rmmod lmm
check "insmod lmm.ko cache_pages=-1 is refused" \
	sh -c "! insmod $M/lmm.ko cache_pages=-1 2>/dev/null"
check "... and leaves nothing loaded" test ! -e /proc/lmm

section "the kernel log"
dmesg | tail -n +$((boot_lines + 1)) >/tmp/klog
grep -E 'lmm(_demo)?:' /tmp/klog >/tmp/klog-lmm
cat /tmp/klog-lmm
check "no kernel address in lmm's log lines" no_kernel_address /tmp/klog-lmm
# (The description must not name what run.sh looks for on the console.)
check "no kernel splat in the log since then" \
	sh -c '! grep -Eq "BUG|WARNING|Oops|Call Trace" /tmp/klog'

echo
echo "LMM-TEST-END"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
