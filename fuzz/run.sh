#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time from the seed corpus in fuzz/corpus, and prints
# executions per second and the time run without a crash. New inputs go to fuzz/.work (not kept);
# a crash leaves its input in fuzz/.work/crashes and fails the script: turn it into a regression test.
# Usage: fuzz/run.sh [SECONDS-PER-TARGET] [TARGET...]   (default 60 s, all targets)
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzHTTPRequest FuzzChunked FuzzWebSocketFrame FuzzJSONBody FuzzFixtureLoader)

# lld: gold fails on the sanitizer's debug info. -enable-testing reaches the internal request parser.
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -use-ld=lld 2>&1 | tail -1
bin="$(swift build -c release --show-bin-path)"
mkdir -p .work/crashes
status=0
printf '%-20s %10s %12s %10s %8s %s\n' target seconds executions "exec/s" corpus result
for target in "${targets[@]}"; do
  mkdir -p ".work/corpus/$target"
  seeds=("corpus/$target")
  # The fixture loader also starts from every fixture of the suite (libFuzzer reads folders recursively).
  [ "$target" = FuzzFixtureLoader ] && seeds+=(../Sources/ContractSuite/fixtures)
  log=".work/$target.log"
  set +e
  # -detect_leaks=0: LeakSanitizer reports Swift's once-initialized globals, made on other threads, as leaks.
  ASAN_OPTIONS=detect_leaks=0 "$bin/$target" -max_total_time="$seconds" -print_final_stats=1 -max_len=16384 -rss_limit_mb=4096 -detect_leaks=0 \
    -artifact_prefix=".work/crashes/$target-" ".work/corpus/$target" "${seeds[@]}" > "$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  units=$(ls ".work/corpus/$target" | wc -l)
  result="no crash"
  if [ "$rc" != 0 ]; then result="CRASH (see $log and .work/crashes)"; status=1; fi
  printf '%-20s %10s %12s %10s %8s %s\n' "$target" "$seconds" "$runs" "$speed" "$units" "$result"
done
exit $status
