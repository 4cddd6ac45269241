#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# Run every command the tour shows and compare its output, exactly.
# Usage: scripts/check-tour.sh [CHAPTER.rst...]   (default: Documentation/tour/*.rst)
#
# In a ".. code-block:: console" block, a line "$ CMD" is run as
# sh -c 'CMD' 2>&1 from the repository root (after make); the lines after
# it, up to the next "$ " line or the end of the block, are its expected
# output.  Trailing blanks and the blank lines that end the output are not
# compared.  Commands for the QEMU guest ("/ # CMD" in ".. code-block::
# none" blocks) are not run here: each must be listed in
# Documentation/tour/guest-commands.txt, which the scripted "make shell"
# session runs.  Exit 1 when a command fails, differs, or a guest command
# is not listed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
if [ $# -eq 0 ]; then
	set -- Documentation/tour/*.rst
fi
guest_list=Documentation/tour/guest-commands.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Split the chapters into numbered commands: N.cmd, N.exp, N.where for
# console blocks, and guest lines into guest.txt (chapter:line<TAB>command).
awk -v dir="$work" '
function close_cmd() {
	if (n) { close(dir "/" n ".exp") }
}
function block_start(kind) {
	inblock = kind; indent = -1
}
FNR == 1 { inblock = "" }
/^[ \t]*\.\. code-block::/ {
	close_cmd(); cur = 0
	if ($0 ~ /code-block::[ \t]*console[ \t]*$/) block_start("console")
	else if ($0 ~ /code-block::[ \t]*none[ \t]*$/) block_start("none")
	else inblock = ""
	directive_indent = match($0, /[^ \t]/) - 1
	next
}
inblock != "" {
	if ($0 ~ /^[ \t]*$/) {
		if (cur) print "" >> (dir "/" n ".exp")
		next
	}
	lead = match($0, /[^ \t]/) - 1
	if (indent < 0) {
		if (lead <= directive_indent) { inblock = ""; cur = 0 }
		else if ($0 ~ /^[ \t]*:[a-z-]+:/) next	# directive options
		else indent = lead
	}
	if (inblock != "" && lead < indent) { inblock = ""; cur = 0 }
}
inblock == "console" {
	line = substr($0, indent + 1)
	if (line ~ /^\$ /) {
		close_cmd(); n++; cur = 1
		print substr(line, 3) > (dir "/" n ".cmd"); close(dir "/" n ".cmd")
		print FILENAME ":" FNR > (dir "/" n ".where"); close(dir "/" n ".where")
		printf "" > (dir "/" n ".exp")
	} else if (cur) {
		print line >> (dir "/" n ".exp")
	}
	next
}
inblock == "none" {
	line = substr($0, indent + 1)
	if (line ~ /^\/ # /)
		print FILENAME ":" FNR "\t" substr(line, 5) >> (dir "/guest.txt")
	next
}
END { close_cmd() }
' "$@" || exit 2

# The text without trailing blanks and without the blank lines at its end.
normalize() {
	sed -e 's/[ \t]*$//' "$1" | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}'
}

passed=0
failed=0
for cmdfile in $(ls "$work"/*.cmd 2>/dev/null | sort -V); do
	k=$(basename "$cmdfile" .cmd)
	cmd=$(cat "$cmdfile")
	where=$(cat "$work/$k.where")
	timeout 120 sh -c "$cmd" >"$work/$k.raw" 2>&1
	rc=$?
	normalize "$work/$k.raw" >"$work/$k.out"
	normalize "$work/$k.exp" >"$work/$k.want"
	if [ $rc -ne 0 ]; then
		echo "FAIL $where: \$ $cmd (exit status $rc)"
		sed 's/^/    /' "$work/$k.raw" | head -20
		failed=$((failed + 1))
	elif ! diff -u --label "expected ($where)" --label "actual" \
		"$work/$k.want" "$work/$k.out" >"$work/$k.diff"; then
		echo "FAIL $where: \$ $cmd (output differs)"
		cat "$work/$k.diff"
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
done

if [ -f "$work/guest.txt" ]; then
	while IFS=$'\t' read -r where cmd; do
		if grep -qxF -- "$cmd" "$guest_list" 2>/dev/null; then
			passed=$((passed + 1))
		else
			echo "FAIL $where: guest command not in $guest_list: $cmd"
			failed=$((failed + 1))
		fi
	done <"$work/guest.txt"
fi

echo "check-tour: $passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
