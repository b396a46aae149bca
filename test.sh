#!/usr/bin/env bash
# Runs the whole AIMO test suite: installs what the tests need (redis-server, PostgreSQL, Chromium),
# builds once, runs every test project one after another (each AppHost test starts the real stack;
# running them side by side on a small machine only makes each slower), and ends with one line
# "N passed, N failed, N skipped" summed from the TRX files. Exits non-zero on any failure.
# Without Chromium: ./test.sh --no-browser (or AIMO_SKIP_BROWSER_TESTS=1) runs every project except the browser
# tests and never installs or looks for a browser.
set -uo pipefail
cd "$(dirname "$0")"

browser=true
for arg in "$@"; do
  case "$arg" in
    --no-browser) browser=false ;;
    *) echo "usage: ./test.sh [--no-browser]" >&2; exit 2 ;;
  esac
done
[[ "${AIMO_SKIP_BROWSER_TESTS:-}" == "1" ]] && browser=false

if $browser; then
  scripts/prerequisites.sh --browser || exit 1
  projects=$(ls tests/*/*Tests.csproj | sort)
else
  echo "Skipping the browser tests (Aimo.Admin.BrowserTests): no Chromium needed."
  scripts/prerequisites.sh || exit 1
  projects=$(ls tests/*/*Tests.csproj | grep -v BrowserTests | sort)
fi

results=TestResults
rm -rf "$results"
mkdir -p "$results"

dotnet build Aimo.sln -c Debug -nologo -v:q || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

status=0
for project in $projects; do
  name=$(basename "$project" .csproj)
  echo "=== $name"
  dotnet test "$project" --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
      --blame-hang-timeout 10m \
      || status=1
done

passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  found=$((found + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(value total); executed=$(value executed); p=$(value passed); f=$(value failed)
  errors=$(value error); timeout=$(value timeout); aborted=$(value aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${errors:-0} + ${timeout:-0} + ${aborted:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

expected=$(echo "$projects" | wc -w)
if [[ $found -lt $expected ]]; then
  # A test host that crashed writes no TRX: count the project as a failure rather than hide it.
  failed=$((failed + expected - found))
  status=1
fi
if [[ $failed -gt 0 || $passed -eq 0 ]]; then
  status=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit $status
