#!/usr/bin/env bash
# The sign-in flood of the security review, against the app on loopback: 8 clients post the login form with a 1 MB
# user name for 10 s. Prints the growth of the data folder (target: under 1 MB), the number of posts and their
# statuses, the audit lines added, and the server's resident memory before and after. Then the admin's audit page on
# that trail plus AUDIT_ROWS more lines (default 100,000, each with a 2,000-character value): the server's resident
# memory sampled every 0.2 s while a headless Chromium signs in, opens the page and goes through 5 pages of it
# (target: under 300 MB). Exits 1 if a target is missed. The per-address rate limit is
# lifted for the run, so every post reaches the form and the caps are what is measured (with the default limit, all
# but 30 posts a minute from one address get 429 before they are read).
#   bench/signin-flood.sh [seconds] [clients]     (default 10 s, 8 clients)
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; clients="${2:-8}"
work="$(mktemp -d)"; trap 'kill "$server" ${browser:-} 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
config="${CONFIGURATION:-Release}"
port=$((20000 + RANDOM % 20000))
dotnet build src/PvpRegistry.Web -c "$config" -nologo -v quiet >/dev/null || { echo "build failed"; exit 2; }
dotnet build src/PvpRegistry.Cli -c "$config" -nologo -v quiet >/dev/null || { echo "build failed"; exit 2; }
pvp() { Database__DataFolder="$work/data" dotnet "$(ls src/PvpRegistry.Cli/bin/"$config"/net10.0/{,*/}pvp.dll 2>/dev/null | head -1)" "$@"; }
# The build output is run, not a published app: the Development environment serves Blazor's and MudBlazor's scripts
# from their packages (static web assets), so the audit page becomes interactive.
Database__DataFolder="$work/data" Database__SeedDemoData=false Security__SignInRateLimit__PerAddress=1000000 \
  ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Development \
  dotnet "$(ls src/PvpRegistry.Web/bin/"$config"/net10.0/{,*/}PvpRegistry.Web.dll 2>/dev/null | head -1)" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
rss() { awk '/VmRSS/ {print int($2/1024) " MB"}' "/proc/$server/status"; }
size() { du -sb "$work/data" | cut -f1; }
audit() { sqlite3 "$work/data/registry.db" "select count(*) from AuditTrail" 2>/dev/null || echo "?"; }
head -c 1048576 /dev/zero | tr '\0' 'x' > "$work/name"
before=$(size); audit_before=$(audit); echo "before: data folder $before bytes, $audit_before audit lines, server $(rss)"
flood() {
  local jar="$work/jar$1" end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do
    token=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/account/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -1)
    curl -s -o /dev/null -w '%{http_code}\n' -c "$jar" -b "$jar" "http://127.0.0.1:$port/account/login" \
      --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=login" \
      --data-urlencode "Input.UserName@$work/name" --data-urlencode "Input.Password=Any-password-1"
  done
}
for i in $(seq "$clients"); do flood "$i" > "$work/status$i" & done
wait $(jobs -p | grep -v "^$server$")
after=$(size)
echo "posts: $(cat "$work"/status* | wc -l), statuses: $(cat "$work"/status* | sort | uniq -c | tr -s ' ' | tr '\n' ',')"
echo "after:  data folder $after bytes (+$((after - before))), $(audit) audit lines, server $(rss)"
status=0
[ $((after - before)) -lt 1048576 ] && echo "growth under 1 MB" || { echo "growth of 1 MB or more"; status=1; }

rows="${AUDIT_ROWS:-100000}"
sqlite3 "$work/data/registry.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
  INSERT INTO AuditTrail (AtUtc, User, Action, Entity, RecordKey, Field, OldValue, NewValue, Reason)
  SELECT datetime('now', '-' || (i % 1000) || ' minutes'), 'bench-nurse-' || (i % 50), 'updated', 'Assessment', i, 'Vas',
         '3.5', replace(hex(zeroblob(1000)), '0', 'v'), 'bench line ' || i FROM n" || { echo "could not add audit lines"; exit 2; }
password=$(pvp user add --user bench-admin --roles Admin | sed -n 's/^One-time password: \([^ ]*\).*/\1/p')
[ -n "$password" ] || { echo "could not create the admin"; exit 2; }
dport=$((40000 + RANDOM % 20000))
/usr/bin/chromium --headless --no-sandbox --disable-gpu --no-first-run --remote-debugging-port=$dport \
  --user-data-dir="$work/chromium" about:blank >/dev/null 2>&1 &
browser=$!
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$dport/json/list" >/dev/null && break; sleep 1; done
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
echo "audit page: $(audit) audit lines ($(du -sb "$work/data" | cut -f1) bytes of data), server $(rss) before it opens"
( peak=0; while :; do now=$(rss_kb); [ "${now:-0}" -gt "$peak" ] && peak=$now && echo "$peak" > "$work/peak"; sleep 0.2; done ) &
sampler=$!
node --experimental-websocket bench/open-audit-page.mjs "$dport" "http://127.0.0.1:$port" bench-admin "$password" 5 \
  || { status=1; echo "the server's log ends:"; tail -20 "$work/server.log"; }
kill "$sampler"; wait "$sampler" 2>/dev/null
peak_mb=$(( $(cat "$work/peak") / 1024 ))
echo "audit page: server peak $peak_mb MB while open (process lifetime peak $(awk '/VmHWM/ {print int($2/1024) " MB"}' "/proc/$server/status"))"
[ "$peak_mb" -lt 300 ] && echo "audit page under 300 MB" || { echo "audit page at 300 MB or more"; status=1; }
exit $status
