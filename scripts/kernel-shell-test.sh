#!/usr/bin/env bash
# `make check-shell`: `make shell` as a person uses it, in a real terminal.
# A detached tmux session (100x30) runs `make shell`; the test types into
# it, reads the screen back, and checks what a person would see:
#   - the banner and the guest's "/ # " prompt, a terminal of the
#     window's size;
#   - lmmtop's header, a family row of lmm_demo.ko, the order changing
#     when a sort key is pressed, and the prompt again after q;
#   - every command of Documentation/tour/guest-commands.txt: exit status 0
#     and no error message;
#   - poweroff ends QEMU and `make shell` with status 0, and the console
#     log shows no kernel problem (Oops, WARNING, BUG, KASAN, lockdep...).
# Screenshots (tmux capture-pane -e: text with its colours, `cat` shows
# them) and the console log are kept in build/shell-test/.
#
# Usage: kernel-shell-test.sh [6.1|6.12]   (default: 6.1)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LMM_TAG=lmm-shell-test
# shellcheck source-path=SCRIPTDIR source=lib/boot.sh
. "$root/scripts/lib/boot.sh"
# shellcheck source-path=SCRIPTDIR source=lib/kernel.sh
. "$root/scripts/lib/kernel.sh"

flavour=${1:-6.1}
commands=$root/Documentation/tour/guest-commands.txt
out=$root/build/shell-test
need_pkgs tmux
kernel_use "$flavour"
console=$root/build/kernel/$KREL/shell.log
BAD=$(kernel_problem_regex)
ERRORS="not found|can't|No such|Usage:|[Ii]nvalid|[Ee]rror|[Pp]ermission denied|lmmtop: "

rm -rf "$out"
mkdir -p "$out"
rm -f "$console"

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# A tmux server of our own: nothing else's sessions are seen or touched.
sock=lmm-shell-test-$$
T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null || true' EXIT

# The screen as text (-J: wrapped lines joined), or with colours (-e).
screen() { T capture-pane -p -J -t lmm; }
shot() { T capture-pane -p -e -t lmm >"$out/$1"; }
type_line() { T send-keys -t lmm -l "$1" && T send-keys -t lmm Enter; }

# wait_screen ERE SECONDS: until the screen shows a line matching ERE.
wait_screen() {
	local deadline=$((SECONDS + $2))

	while [ "$SECONDS" -lt "$deadline" ]; do
		screen | grep -Eq "$1" && return 0
		sleep 0.5
	done
	return 1
}

# The console as the guest wrote it, without carriage returns.
console_text() { tr -d '\r' 2>/dev/null <"$console" || true; }

# wait_console ERE SECONDS: until the console log has a line matching ERE.
wait_console() {
	local deadline=$((SECONDS + $2))

	while [ "$SECONDS" -lt "$deadline" ]; do
		console_text | grep -Eq "$1" && return 0
		sleep 0.5
	done
	return 1
}

# run_guest N CMD: type CMD and its status marker; check both.  The marker
# line the guest prints ("LMM-DONE-N=0") differs from the typed one
# ("...; echo LMM-DONE-N=$?"), so the echo of the typing never matches.
run_guest() {
	local n=$1 cmd=$2 status said

	type_line "$cmd; echo LMM-DONE-$n=\$?"
	if ! wait_console "^LMM-DONE-$n=[0-9]+\$" 120; then
		fail "guest: '$cmd' did not finish in 120 s"
		T send-keys -t lmm q C-c
		return
	fi
	status=$(console_text | sed -n "s/^LMM-DONE-$n=\\([0-9]*\\)\$/\\1/p")
	# What the command printed: from the line that typed it to its marker.
	said=$(console_text | awk -v m="LMM-DONE-$n=" '
		index($0, m "$?") { on = 1; next }
		on && index($0, m) == 1 { exit }
		on' | grep -E "$ERRORS" || true)
	if [ "$status" = 0 ] && [ -z "$said" ]; then
		pass "guest: $cmd"
	else
		fail "guest: '$cmd': status $status${said:+, said: $said}"
	fi
}

# row_of NAME FILE: the line number of the table row of family NAME.
row_of() { grep -nE "^[a-z_]+ +$1 " "$2" | head -n 1 | cut -d: -f1; }

# --- boot -----------------------------------------------------------------
# The pane's shell is a plain sh with a prompt of its own; make's variables
# from `make check` stay out of it.
T new-session -d -s lmm -x 100 -y 30 -c "$root" \
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS PS1='host$ ' sh
T set-option -t lmm history-limit 5000 >/dev/null
type_line "make --no-print-directory shell LMM_KERNEL=$flavour; echo MAKE-SHELL-EXIT=\$?"
# wait_booted SECONDS: until the guest's prompt shows; false at once when
# make shell has already ended (a build that failed, no QEMU...).
wait_booted() {
	local deadline=$((SECONDS + $1))

	while [ "$SECONDS" -lt "$deadline" ]; do
		screen | grep -Eq '^MAKE-SHELL-EXIT=' && return 1
		console_text | grep -Eq '^/ # ' && wait_screen '^/ # ' 30 &&
			return 0
		sleep 1
	done
	return 1
}
if wait_booted 600; then
	pass "boot: the guest's shell prompt"
else
	shot 01-boot.ans
	screen | tail -n 20
	fail "boot: no guest prompt (screen: $out/01-boot.ans)"
	echo "check-shell: $passed passed, $failed failed"
	exit 1
fi
shot 01-banner.ans
if screen | grep -q 'lmm shell: Linux .* lmm.ko loaded' &&
	screen | grep -q 'lmmtop .*q quits'; then
	pass "boot: the banner says what to try"
else
	fail "boot: no banner (screen: $out/01-banner.ans)"
fi

# The guest's console takes the size of the window make shell ran in
# (boot.sh -a passes it on the kernel command line).
type_line "stty size | sed 's/^/LMM-SIZE=/'"
if wait_console '^LMM-SIZE=30 100$' 30; then
	pass "boot: the guest's terminal is the window's size, 100x30"
else
	fail "boot: the guest's terminal is not 30 rows of 100 (stty size said:" \
		"'$(console_text | sed -n 's/^LMM-SIZE=//p' | tail -n 1)')"
fi

# --- lmmtop -----------------------------------------------------------------
# Three families whose order differs by name and by bytes used: emp_t and
# student_t from lmm_demo, and point (200 x 24 bytes: a run of 2 pages).
run_guest 1 "insmod lmm_demo.ko"
run_guest 2 "echo register point 24 > /proc/lmm"
run_guest 3 "echo alloc point 200 > /proc/lmm"
type_line "clear; lmmtop -d 1 -s name"
if wait_screen 'sorted by name' 60 && wait_screen ' student_t ' 10; then
	sleep 1
	shot 02-lmmtop-by-name.ans
	screen >"$out/02.txt"
	pass "lmmtop: starts, sorted by name"
else
	shot 02-lmmtop-by-name.ans
	fail "lmmtop: no screen sorted by name ($out/02-lmmtop-by-name.ans)"
fi
if grep -q '^lmmtop - every 1.0 s, sorted by name - lmm 1.0, page size 4096' "$out/02.txt" &&
	grep -q 'Families: 3' "$out/02.txt" &&
	grep -q $'\e\\[7mOWNER *FAMILY *SIZE *PAGES' "$out/02-lmmtop-by-name.ans"; then
	pass "lmmtop: the summary header and the table's header bar"
else
	fail "lmmtop: header ($out/02-lmmtop-by-name.ans)"
fi
if grep -qE '^lmm_demo +emp_t +36 +1 +3 +108 ' "$out/02.txt"; then
	pass "lmmtop: lmm_demo's emp_t row (36-byte units, 1 page, 3 blocks)"
else
	fail "lmmtop: no emp_t row of lmm_demo ($out/02.txt)"
fi
e=$(row_of emp_t "$out/02.txt") p=$(row_of point "$out/02.txt") s=$(row_of student_t "$out/02.txt")
if [ -n "$e" ] && [ -n "$p" ] && [ -n "$s" ] && [ "$e" -lt "$p" ] && [ "$p" -lt "$s" ]; then
	pass "lmmtop: by name, emp_t point student_t"
else
	fail "lmmtop: by name, rows emp_t=$e point=$p student_t=$s"
fi

T send-keys -t lmm u
if wait_screen 'sorted by used' 30; then
	sleep 1.5
	shot 03-lmmtop-by-used.ans
	screen >"$out/03.txt"
	e=$(row_of emp_t "$out/03.txt") p=$(row_of point "$out/03.txt") s=$(row_of student_t "$out/03.txt")
	if [ -n "$e" ] && [ -n "$p" ] && [ -n "$s" ] && [ "$p" -lt "$s" ] && [ "$s" -lt "$e" ]; then
		pass "lmmtop: key u sorts by bytes used: point student_t emp_t"
	else
		fail "lmmtop: by used, rows point=$p student_t=$s emp_t=$e"
	fi
else
	shot 03-lmmtop-by-used.ans
	fail "lmmtop: key u did not sort by used ($out/03-lmmtop-by-used.ans)"
fi

# The prompt must come back below the table: the screen's last line.
prompt_last() {
	local deadline=$((SECONDS + $1))

	while [ "$SECONDS" -lt "$deadline" ]; do
		screen | grep -v '^ *$' | tail -n 1 | grep -Eq '^/ # ?$' && return 0
		sleep 0.5
	done
	return 1
}
T send-keys -t lmm q
if prompt_last 30; then
	shot 04-after-q.ans
	pass "lmmtop: q gives the prompt back"
else
	shot 04-after-q.ans
	fail "lmmtop: no prompt after q ($out/04-after-q.ans)"
fi
# Ctrl-C reaches the guest (not QEMU) and lmmtop gives the terminal back.
type_line "clear; lmmtop -s frag"
if wait_screen 'sorted by frag' 60; then
	T send-keys -t lmm C-c
	if prompt_last 30; then
		pass "lmmtop: Ctrl-C ends it, the prompt comes back"
	else
		shot 04-after-ctrl-c.ans
		fail "lmmtop: no prompt after Ctrl-C ($out/04-after-ctrl-c.ans)"
	fi
else
	fail "lmmtop -s frag: no screen sorted by frag"
fi

# Back to the state the tour starts from: lmm.ko alone, nothing in it.
run_guest 4 "rmmod lmm_demo"
run_guest 5 "echo reset > /proc/lmm"

# --- the tour's guest commands ----------------------------------------------
n=100
ran=0
while IFS= read -r cmd || [ -n "$cmd" ]; do
	case $cmd in '' | '#'*) continue ;; esac
	n=$((n + 1)) ran=$((ran + 1))
	run_guest "$n" "$cmd"
done <"$commands"
if [ "$ran" -gt 0 ]; then
	pass "guest: $ran commands of ${commands#"$root"/}"
else
	fail "guest: no command in ${commands#"$root"/}"
fi
shot 05-guest-commands.ans

# --- poweroff ---------------------------------------------------------------
type_line "poweroff"
if wait_screen '^MAKE-SHELL-EXIT=[0-9]+$' 120; then
	status=$(screen | sed -n 's/^MAKE-SHELL-EXIT=\([0-9]*\)$/\1/p' | tail -n 1)
	if [ "$status" = 0 ]; then
		pass "poweroff: QEMU and make shell ended, status 0"
	else
		fail "poweroff: make shell ended with status $status"
	fi
else
	fail "poweroff: make shell still running after 120 s"
fi
if wait_screen '^host\$' 10; then
	pass "poweroff: the host's prompt is back"
else
	fail "poweroff: no host prompt"
fi
shot 06-end.ans
if pgrep -f "build/kernel/$KREL/shell.cpio.gz" | grep -q .; then
	fail "poweroff: a QEMU of this session is still running"
fi
cp "$console" "$out/console.log" 2>/dev/null || true
if console_text | grep -Eq "$BAD"; then
	console_text | grep -E "$BAD" | head -n 10
	fail "console: a kernel problem ($out/console.log)"
else
	pass "console: no Oops, WARNING, BUG, KASAN or lockdep report"
fi

echo "check-shell: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
