#!/usr/bin/env bash
# Runs every test of PvpRegistry, installing first what the tests need:
# the local dotnet-ef tool (tool manifest), Debian's chromium for the browser tests and a font with Chinese glyphs for
# them (fonts-wqy-microhei), poppler-utils for PDF pages
# and Debian's postgresql: a private PostgreSQL cluster (temporary folder, loopback, removed at the end) on which
# the Data and Web integration suites run a second time (PVP_TEST_PROVIDER=Postgres), beside their SQLite run, and the
# browser suite's scale-out tests (two web processes and `pvp import` on one database) run on it (PVP_TEST_POSTGRES).
# Ends with one line: "N passed, N failed", totalled over all test projects and the script tests,
# and exits non-zero when the build or any test fails.
# PVP_TEST_LANES (default 2): how many suites run at once beside the browser suite.
#
# Every exit status is read on the line that produced it (into a variable, before any other command runs):
# `if ! a | b; then :; fi` or `a | b || true` would leave PIPESTATUS holding the status of `:` or `true`.
set -uo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

results="${PVP_TEST_RESULTS:-$(pwd)/TestResults/run-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$results"

echo "== Installing what the tests need"
dotnet tool restore >"$results/tool-restore.log" 2>&1
restore_status=$?
if [ "$restore_status" != 0 ]; then
  tail -n 20 "$results/tool-restore.log"; echo "dotnet tool restore failed"; echo "0 passed, 1 failed"; exit 1
fi
# apt_install PACKAGE PURPOSE: installs a Debian package, refreshing the package lists first when they are stale;
# says which tests will fail when it cannot.
apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1 \
    || { as_root apt-get update -qq >/dev/null 2>&1 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1; } \
    || echo "could not install $1 (needed by $2)"
}
if [ -z "${PVP_TEST_SKIP_INSTALL:-}" ]; then
  command -v chromium >/dev/null 2>&1 || apt_install chromium "the browser tests"
  # A font with Chinese glyphs: without one chromium draws the Chinese screens as boxes, which their layout checks and
  # screenshots would measure instead of text.
  fc-list :lang=zh 2>/dev/null | grep -q . || apt_install fonts-wqy-microhei "the browser tests of the Chinese screens"
  command -v pdftoppm >/dev/null 2>&1 || apt_install poppler-utils "the PDF tests"
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || apt_install postgresql "the PostgreSQL runs of the Data and Web suites"
fi

# Suites that run again on PostgreSQL.
postgres_suites="PvpRegistry.Data.Tests PvpRegistry.Web.Tests"

# A private cluster: initdb in a temporary folder, on a free loopback port, owned by the postgres user when
# running as root (PostgreSQL refuses to run as root). Durability is off: it is thrown away at the end.
# Sets PVP_TEST_POSTGRES; when PostgreSQL cannot start, it stays unset and the PostgreSQL runs fail.
start_postgres() {
  local port; bin=""; as_owner=()
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || { echo "PostgreSQL is not installed"; return 1; }
  pg_folder=$(mktemp -d "${TMPDIR:-/tmp}/pvp-test-postgres.XXXXXX")
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_folder"; as_owner=(runuser -u postgres --); fi
  for port in $(seq 55432 55532); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break; done
  echo "pvp-test" >"$pg_folder/password"; [ "$(id -u)" = 0 ] && chown postgres "$pg_folder/password"
  "${as_owner[@]}" "$bin/initdb" -D "$pg_folder/data" -U pvp_test --pwfile="$pg_folder/password" --auth=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$results/postgres-initdb.log" 2>&1 || { echo "initdb failed"; tail -n 5 "$results/postgres-initdb.log"; return 1; }
  "${as_owner[@]}" "$bin/pg_ctl" -D "$pg_folder/data" -l "$pg_folder/server.log" -w -t 60 \
    -o "-p $port -k $pg_folder -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { echo "PostgreSQL did not start"; tail -n 20 "$pg_folder/server.log"; return 1; }
  stop_postgres() { "${as_owner[@]}" "$bin/pg_ctl" -D "$pg_folder/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_folder"; }
  trap stop_postgres EXIT
  export PVP_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=pvp_test;Password=pvp-test"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

echo "== Building"
# Through the compiler server (one csc process for every project) even where the environment turns it off
# (UseSharedCompilation=false): a csc process of its own per project loaded the compiler, its analyzers and source
# generators 17 times, one project after another. Clean build of the solution: 146-167 CPU s and 91-106 s without the
# server, 93-123 CPU s and 50-65 s with it. The server is stopped once the build is done.
dotnet build PvpRegistry.sln -c Release -nologo -v quiet -p:UseSharedCompilation=true >"$results/build.log" 2>&1
build_status=$?
dotnet build-server shutdown --vbcscompiler >/dev/null 2>&1
tail -n 30 "$results/build.log"
if [ "$build_status" != 0 ]; then echo "build failed (exit $build_status)"; echo "0 passed, 1 failed"; exit 1; fi

for suite in $postgres_suites; do
  if [ -f "tests/$suite/$suite.csproj" ]; then
    echo "== Starting PostgreSQL"
    start_postgres || echo "the PostgreSQL runs of $postgres_suites will fail"
    break
  fi
done

echo "== Testing"
# Without profile-guided tiering in the test processes (and the `pvp` and web processes they start): a test process
# spends much of its short life in the JIT, and tiered PGO compiles each hot method once more, instrumented, before
# its optimized version. Web suite alone, ten pairs of runs one after the other, machine CPU: less without it in all
# ten, by 6.4 CPU s (10%) on average (median 56.9 against 64.7 CPU s); the browser suite, whose app runs for minutes,
# about the same (504 against 511 CPU s).
export DOTNET_TieredPGO=0
status=0
# run_tests PROJECT LABEL [VAR=VALUE...]: one dotnet test run, its log and results named LABEL; prints its summary
# (failed tests with their messages and first stack frames, the time taken) and returns non-zero when it failed.
run_tests() {
  local project=$1 label=$2 started test_status target; shift 2
  started=$(date +%s)
  # The built test assembly itself: `dotnet test` on the project file evaluates it with MSBuild first, only to find
  # that assembly (about 1 CPU s a run).
  local built=("$(dirname "$project")"/bin/Release/net*/*/"$(basename "$project" .csproj)".dll)
  if [ -f "${built[0]}" ]; then target=("${built[0]}"); else target=("$project" -c Release --no-build -nologo); fi
  env "$@" dotnet test "${target[@]}" \
    --logger "trx;LogFileName=$label.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" >"$results/$label.log" 2>&1
  test_status=$?
  grep -E '^\s*(Failed|Skipped) [A-Za-z_][A-Za-z0-9_]*\.|Total tests|^\s+(Passed|Failed|Skipped): [0-9]+$|Passed!|Failed!|error [A-Z]+[0-9]+' "$results/$label.log"
  # Each failed test's message and the first frames of its stack trace, so a CI log says why it failed.
  awk '/^ *Failed [A-Za-z]/ { block = 1; lines = 0 } block && /^ *Error Message:/ { show = 1 }
       show { print; if (++lines >= 20) { show = 0; block = 0 } }
       show && /^ *Stack Trace:/ { lines = 14 }' "$results/$label.log"
  echo "$label: $(( $(date +%s) - started )) s"
  if [ "$test_status" != 0 ]; then echo "$label: dotnet test exited $test_status"; return 1; fi
  [ -f "$results/$label.trx" ] || { echo "$label produced no results"; return 1; }
}

# The browser suite is the long pole: it starts first, in the background, its collections one after another (run at
# once they cost the machine a third more CPU for the same tests). The other runs go to PVP_TEST_LANES lanes (default
# 2) beside it, each lane taking the next run from one queue, heaviest first, so that the lanes end close together.
# The lanes run at a lower priority (nice 10): the browser suite's pages wait on the server, and a starved server
# makes them wait longer and cost more. Every run's summary is printed at the end, in a fixed order.
background_suites="${PVP_TEST_BACKGROUND_SUITES-PvpRegistry.E2E}"
lanes="${PVP_TEST_LANES:-2}"
# CPU seconds of each run alone: Web on PostgreSQL 84, Data on PostgreSQL 80, Web 62, Cli 36, Data 24, Reports 14.
heaviest_first="PvpRegistry.Web.Tests.Postgres PvpRegistry.Data.Tests.Postgres PvpRegistry.Web.Tests PvpRegistry.Cli.Tests PvpRegistry.Data.Tests PvpRegistry.Reports.Tests"
background_labels=(); background_pids=()
queue="$results/queue"; : >"$queue"
queued_labels=(); queued_runs=()
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  case " $background_suites " in
    *" $name "*)
      run_tests "$project" "$name" >"$results/$name.summary" 2>&1 &
      background_pids+=($!); background_labels+=("$name") ;;
    *) queued_runs+=("$project $name"); queued_labels+=("$name") ;;
  esac
done
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  case " $background_suites " in *" $name "*) continue ;; esac
  case " $postgres_suites " in *" $name "*) queued_runs+=("$project $name.Postgres PVP_TEST_PROVIDER=Postgres"); queued_labels+=("$name.Postgres") ;; esac
done
for label in $heaviest_first; do
  for run in "${queued_runs[@]}"; do read -r _ run_label _ <<<"$run"; [ "$run_label" = "$label" ] && echo "$run" >>"$queue"; done
done
for run in "${queued_runs[@]}"; do
  read -r _ run_label _ <<<"$run"
  case " $heaviest_first " in *" $run_label "*) ;; *) echo "$run" >>"$queue" ;; esac
done
# One lane: takes the queue's first line (under a lock) until the queue is empty; each run's status goes to LABEL.status.
run_lane() {
  local line project label settings
  renice -n 10 -p "$BASHPID" >/dev/null
  while true; do
    line=$(flock "$queue.lock" sh -c 'line=$(head -n 1 "$1"); [ -n "$line" ] && sed -i 1d "$1"; echo "$line"' sh "$queue")
    [ -n "$line" ] || return 0
    read -r project label settings <<<"$line"
    run_tests "$project" "$label" ${settings:+"$settings"} >"$results/$label.summary" 2>&1
    echo $? >"$results/$label.status"
  done
}
lane_pids=()
for _ in $(seq 1 "$lanes"); do run_lane & lane_pids+=($!); done
wait "${lane_pids[@]}"
for label in "${queued_labels[@]}"; do
  cat "$results/$label.summary"
  [ "$(cat "$results/$label.status" 2>/dev/null)" = 0 ] || status=1
done
for i in "${!background_pids[@]}"; do
  wait "${background_pids[$i]}"
  background_status=$?
  cat "$results/${background_labels[$i]}.summary"
  [ "$background_status" = 0 ] || status=1
done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  e=$(echo "$counters" | sed -n 's/.* error="\([0-9]*\)".*/\1/p'); t=$(echo "$counters" | sed -n 's/.* timeout="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0}))
done

# Script tests (tests/scripts/*.test.sh): each is one test; they check this script itself with a stand-in dotnet.
if [ -z "${PVP_TEST_NO_SCRIPT_TESTS:-}" ]; then
  for script in tests/scripts/*.test.sh; do
    [ -f "$script" ] || continue
    bash "$script" >"$results/$(basename "$script").log" 2>&1
    script_status=$?
    if [ "$script_status" = 0 ]; then passed=$((passed + 1)); else
      failed=$((failed + 1)); status=1
      echo "Failed $script (exit $script_status):"; tail -n 20 "$results/$(basename "$script").log"
    fi
  done
fi

[ "$failed" = 0 ] || status=1
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $status
