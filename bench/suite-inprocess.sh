#!/usr/bin/env bash
# The whole contract suite against the in-process reference: wall time and steps per second.
# Release build; the reference uses the test configuration (PBKDF2 at 1,000 iterations).
# Usage: bench/suite-inprocess.sh [RUNS]   (default 9; the median is reported)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-9}"
swift build -c release --product contract >/dev/null
bin="$(swift build -c release --show-bin-path)/contract"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "$bin" run --report "json=$out/run-$i.json" >/dev/null
  end=$(date +%s.%N)
  echo "$start $end" > "$out/wall-$i.txt"
done
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
suite, process, steps, fixtures = [], [], 0, 0
for i in range(1, runs + 1):
    report = json.load(open(f"{out}/run-{i}.json"))["summary"]
    assert report["failed"] == 0, f"run {i} had failures"
    suite.append(report["seconds"])
    steps, fixtures = report["steps"], report["fixtures"]
    start, end = map(float, open(f"{out}/wall-{i}.txt").read().split())
    process.append(end - start)
ms, mp = statistics.median(suite), statistics.median(process)
print(f"contract suite, in-process reference, release build, PBKDF2 1,000 iterations, {runs} runs")
print(f"  fixtures {fixtures}, steps {steps} (actor provisioning requests not counted)")
print(f"  suite time   median {ms*1000:.0f} ms  (min {min(suite)*1000:.0f}, max {max(suite)*1000:.0f})")
print(f"  process time median {mp*1000:.0f} ms  (includes start-up and loading the fixtures)")
print(f"  steps/s      {steps/ms:,.0f} (suite time)")
PY
