#!/usr/bin/env bash
# The test suite: every notebook run by nbdev-test (one test each), then, where Chromium is installed,
# the docs site built from the notebooks and checked page by page in headless Chromium (one test per page).
# Ends with "N passed, M failed". Extra arguments go to nbdev-test (e.g. --flags slow to run the slow cells too).
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
nbs=$(ls nbs/*.ipynb | wc -l)
nbdev-test --n-workers 2 --timing "$@" 2> >(tee "$log" >&2)
rc=$?
sleep 0.2
failed=$(awk '/Failed On The Following Notebooks/{f=1;next} f && /\.ipynb/{n++} END{print n+0}' "$log")
if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then failed=$nbs; fi
passed=$((nbs - failed))
echo "notebooks: $passed passed, $failed failed"

if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  echo "== docs site: build (tools/docs.py) and check in headless Chromium (tools/check_docs.py)"
  if python tools/docs.py > "$log" 2>&1; then
    tail -1 "$log"
    python tools/check_docs.py | tee "$log"
    line=$(tail -1 "$log")
    p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p'); f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
  else
    cat "$log"; echo "docs build failed"; failed=$((failed + 1))
  fi
else
  echo "== docs site not checked: no Chromium here (CI installs Debian's chromium)"
fi
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
