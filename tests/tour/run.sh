#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# The tour test itself must be able to fail: a passing fixture passes,
# each failing one fails, then every chapter of the tour is checked.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
status=0
if ! scripts/check-tour.sh tests/tour/pass.rst >/dev/null; then
	echo "check-tour self-test: tests/tour/pass.rst should pass"
	status=1
fi
for bad in tests/tour/fail-*.rst; do
	if scripts/check-tour.sh "$bad" >/dev/null; then
		echo "check-tour self-test: $bad should fail"
		status=1
	fi
done
[ $status -eq 0 ] && echo "check-tour self-test: fixtures behave"
scripts/check-tour.sh || status=1
exit $status
