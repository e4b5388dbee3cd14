#!/usr/bin/env bash
# The sign-in flood of the security review, against the app on loopback: 8 clients post the login form with a 1 MB
# user name for 10 s. Prints the growth of the data folder (target: under 1 MB), the number of posts and their
# statuses, the audit lines added, and the server's resident memory before and after. The per-address rate limit is
# lifted for the run, so every post reaches the form and the caps are what is measured (with the default limit, all
# but 30 posts a minute from one address get 429 before they are read).
#   bench/signin-flood.sh [seconds] [clients]     (default 10 s, 8 clients)
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; clients="${2:-8}"
work="$(mktemp -d)"; trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
config="${CONFIGURATION:-Release}"
port=$((20000 + RANDOM % 20000))
dotnet build src/PvpRegistry.Web -c "$config" -nologo -v quiet >/dev/null || { echo "build failed"; exit 2; }
Database__DataFolder="$work/data" Database__SeedDemoData=false Security__SignInRateLimit__PerAddress=1000000 \
  ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
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
[ $((after - before)) -lt 1048576 ] && echo "growth under 1 MB" || { echo "growth of 1 MB or more"; exit 1; }
