#!/usr/bin/env bash
# test.sh must exit non-zero when the build fails and when a test fails, and zero when all pass.
# Runs a copy of test.sh in a scratch tree with a stand-in `dotnet` first on PATH; the stand-in's
# behaviour is chosen by STANDIN_MODE (and the fake suite runs in the foreground or in the background): build-fails, test-fails (exit 1 and a trx with a failure),
# trx-fails (exit 0 but a trx that counts a failure) or all-pass.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

mkdir -p "$scratch/tree/tests/Fake.Tests" "$scratch/tree/tests/Other.Tests" "$scratch/bin"
cp "$repo/test.sh" "$scratch/tree/test.sh"
touch "$scratch/tree/PvpRegistry.sln" "$scratch/tree/tests/Fake.Tests/Fake.Tests.csproj" "$scratch/tree/tests/Other.Tests/Other.Tests.csproj"
# Other.Tests is built (its assembly is run); Fake.Tests is not (its project file is given to dotnet test).
mkdir -p "$scratch/tree/tests/Other.Tests/bin/Release/net10.0/linux-x64"
touch "$scratch/tree/tests/Other.Tests/bin/Release/net10.0/linux-x64/Other.Tests.dll"

cat > "$scratch/bin/dotnet" <<'STANDIN'
#!/usr/bin/env bash
case "$1" in
  tool) exit 0 ;;
  build) echo "stand-in build"; [ "$STANDIN_MODE" = build-fails ] && { echo "error CS0000: stand-in failure"; exit 1; }; exit 0 ;;
  test)
    echo "$2" >>"$STANDIN_TARGETS"
    dir=""; name=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --results-directory) dir="$2"; shift ;;
        --logger) case "$2" in trx\;LogFileName=*) name="${2#trx;LogFileName=}" ;; esac; shift ;;
      esac
      shift
    done
    failed=0; code=0
    # Only the suite named in STANDIN_FAILING fails (Fake.Tests when unset); the other passes.
    case "$name" in "${STANDIN_FAILING:-Fake.Tests}".trx)
      case "$STANDIN_MODE" in test-fails) failed=1; code=1 ;; trx-fails) failed=1 ;; esac ;;
    esac
    mkdir -p "$dir"
    echo "<TestRun><ResultSummary><Counters total=\"5\" executed=\"5\" passed=\"$((5 - failed))\" failed=\"$failed\" error=\"0\" timeout=\"0\" /></ResultSummary></TestRun>" > "$dir/$name"
    [ "$failed" = 1 ] && echo "  Failed Fake.Tests.Stand_in_failure"
    exit $code ;;
esac
exit 0
STANDIN
chmod +x "$scratch/bin/dotnet"

fail=0
run() { # mode expected-exit(zero|nonzero) expected-summary [suites run in the background] [failing suite] [lanes]
  local out code
  out=$(cd "$scratch/tree" && STANDIN_MODE="$1" PVP_TEST_BACKGROUND_SUITES="${4:-}" STANDIN_FAILING="${5:-Fake.Tests}" PVP_TEST_LANES="${6:-2}" STANDIN_TARGETS="$scratch/targets" PATH="$scratch/bin:$PATH" PVP_TEST_SKIP_INSTALL=1 PVP_TEST_NO_SCRIPT_TESTS=1 \
        PVP_TEST_RESULTS="$scratch/results-$1" ./test.sh 2>&1)
  code=$?
  local last; last=$(printf '%s\n' "$out" | tail -n 1)
  if { [ "$2" = zero ] && [ "$code" != 0 ]; } || { [ "$2" = nonzero ] && [ "$code" = 0 ]; }; then
    echo "FAIL $1: exit $code, expected $2"; printf '%s\n' "$out"; fail=1
  elif [ "$last" != "$3" ]; then
    echo "FAIL $1: last line '$last', expected '$3'"; fail=1
  else
    echo "ok   $1: exit $code, '$last'"
  fi
}
# Two suites (Fake.Tests fails in the failing modes, Other.Tests passes), run two at a time (two lanes).
run build-fails nonzero "0 passed, 1 failed"
run test-fails nonzero "9 passed, 1 failed"
run trx-fails nonzero "9 passed, 1 failed"
run all-pass zero "10 passed, 0 failed"
# The failing suite runs last in its lane, or alone in one lane: its failure still fails the run.
run test-fails nonzero "9 passed, 1 failed" "" Other.Tests
run test-fails nonzero "9 passed, 1 failed" "" Fake.Tests 1
# A suite run in the background, as the browser suite is: its failure still fails the run.
run test-fails nonzero "9 passed, 1 failed" Fake.Tests
run trx-fails nonzero "9 passed, 1 failed" Fake.Tests
run all-pass zero "10 passed, 0 failed" Fake.Tests
# What each suite was run from: the built assembly, or the project file where there is none.
expected_targets="tests/Fake.Tests/Fake.Tests.csproj tests/Other.Tests/bin/Release/net10.0/linux-x64/Other.Tests.dll"
targets=$(sort -u "$scratch/targets" | tr '\n' ' ' | sed 's/ $//')
if [ "$targets" = "$expected_targets" ]; then echo "ok   dotnet test was given: $targets"
else echo "FAIL dotnet test was given '$targets', expected '$expected_targets'"; fail=1; fi
exit $fail
