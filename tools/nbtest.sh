#!/usr/bin/env bash
# Run nbdev-test over every notebook and print "N passed, M failed" (nbdev-test itself prints only "Success.").
# Extra arguments go to nbdev-test (e.g. --flags slow to run the slow cells too).
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
nbs=$(ls nbs/*.ipynb | wc -l)
nbdev-test --n-workers 2 --timing "$@" 2> >(tee "$log" >&2)
rc=$?
sleep 0.2
failed=$(awk '/Failed On The Following Notebooks/{f=1;next} f && /\.ipynb/{n++} END{print n+0}' "$log")
if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then failed=$nbs; fi
rm -f "$log"
echo "$((nbs - failed)) passed, $failed failed"
exit $rc
