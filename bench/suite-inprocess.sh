#!/usr/bin/env bash
# The whole contract suite against the in-process reference: wall time and steps per second,
# fixtures alone and with the derived checks. Release build; the reference uses the test
# configuration with PBKDF2 at 1,000 iterations.
# Usage: bench/suite-inprocess.sh [RUNS]   (default 9; medians are reported)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-9}"
swift build -c release --product contract >/dev/null
bin="$(swift build -c release --show-bin-path)/contract"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for mode in fixtures derived; do
  flag=""
  [ "$mode" = fixtures ] && flag="--no-derive"
  for i in $(seq 1 "$runs"); do
    start=$(date +%s.%N)
    "$bin" run $flag --pbkdf2-iterations 1000 --report "json=$out/$mode-$i.json" >/dev/null
    end=$(date +%s.%N)
    echo "$start $end" > "$out/$mode-wall-$i.txt"
  done
done
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
print(f"contract suite, in-process reference, release build, PBKDF2 1,000 iterations, median of {runs} runs")
for mode, label in (("fixtures", "fixtures only (--no-derive)"), ("derived", "fixtures + derived checks")):
    suite, process = [], []
    for i in range(1, runs + 1):
        report = json.load(open(f"{out}/{mode}-{i}.json"))
        summary = report["summary"]
        assert report["exit_code"] == 0, f"{mode} run {i} failed"
        suite.append(report["seconds"])
        start, end = map(float, open(f"{out}/{mode}-wall-{i}.txt").read().split())
        process.append(end - start)
    derived = summary["derived"]["total"]
    steps = summary["steps"] + derived
    ms, mp = statistics.median(suite), statistics.median(process)
    print(f"  {label}")
    print(f"    fixtures {summary['fixtures']['total']}, steps {summary['steps']}, derived checks {derived}")
    print(f"    run time     median {ms*1000:.0f} ms (min {min(suite)*1000:.0f}, max {max(suite)*1000:.0f})")
    print(f"    process time median {mp*1000:.0f} ms (start-up and loading included)")
    print(f"    steps/s      {steps/ms:,.0f} (steps and derived checks per second of run time)")
PY
