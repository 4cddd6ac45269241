#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# lmmsim --html in a real browser: Debian's chromium, headless, loads the
# timeline without a console error, its DOM has one row per operation
# (failed ones marked), and a screenshot of it is a PNG that is not blank.
#
# Usage: tests/lmmsim/html.sh build/lmmsim
set -euo pipefail
sim=$(realpath "$1")
out=$(dirname "$sim")/lmmsim-html
here=$(dirname "$(realpath "$0")")
"$here/../../scripts/need-pkgs" chromium python3
rm -rf "$out"
mkdir -p "$out"
trace="+1000,+100,+1000,+100,+1000,-0,-2,+800,+1000,+1000,-7"
"$sim" -c --compare -A "$trace" --html "$out/timeline.html" > /dev/null

browser() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$out/profile" --window-size=1200,1600 "$@"
}

browser --dump-dom "file://$out/timeline.html" > "$out/dom.html" \
	2> "$out/dump.log"
# 11 operations and the start, under each of the three policies.
rows=$(grep -o '<tr class="[a-z]*"' "$out/dom.html" | wc -l)
failed=$(grep -o '<tr class="failed"' "$out/dom.html" | wc -l)
nothing=$(grep -o '<tr class="nothing"' "$out/dom.html" | wc -l)
if [ "$rows" != 36 ] || [ "$failed" != 2 ] || [ "$nothing" != 2 ]; then
	echo "FAIL lmmsim --html: $rows rows, $failed failed, $nothing nothing to free (want 36, 2, 2)"
	exit 1
fi

browser --enable-logging=stderr --v=0 --screenshot="$out/timeline.png" \
	"file://$out/timeline.html" > "$out/shot.log" 2>&1
if grep -E 'CONSOLE|Uncaught|Failed to load resource' "$out/shot.log"; then
	echo "FAIL lmmsim --html: the browser reported errors"
	exit 1
fi
python3 "$here/png_check.py" "$out/timeline.png"
echo "lmmsim --html: chromium loaded it without errors; screenshot $out/timeline.png"
