#!/usr/bin/env bash
# A province on one machine, on loopback (docs/SCALE.md): SERVERS minhbachd
# hosts with LOGS commune logs each, a load generator over all of them, each
# log exported as tlog-tiles and served by a plain web server (Python's
# http.server), a province log following the communes from those mirrors,
# the province's Front cosigning it as a witness, and readers verifying from
# the mirrors alone. Prints the figures (and writes them to WORK/figures.txt).
#
#   deploy/simulate-scale.sh                      # 3 servers x 100 logs, 30 s of load
#   SERVERS=3 LOGS=3 SECONDS_OF_LOAD=3 deploy/simulate-scale.sh   # a quick run (ctest)
#
# Needs the build (build/) and python3. Ports from PORT_BASE (53000) up.
# Exits non-zero when any step fails, and says which.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVERS=${SERVERS:-3}
LOGS=${LOGS:-100}
SECONDS_OF_LOAD=${SECONDS_OF_LOAD:-30}
CLIENTS=${CLIENTS:-32}
PORT_BASE=${PORT_BASE:-53000}
WORK=${WORK:-/var/tmp/minhbach-scale-$$}
B=${BUILD:-$PWD/build}  # the build directory
for tool in "$B/services/minhbachd" "$B/clients/minhbach" "$B/clients/minhbach-admin" \
  "$B/clients/minhbach-log" "$B/tests/minhbach_host_benchmark"; do
  [ -x "$tool" ] || { echo "missing $tool: build first (cmake --build build -j2)" >&2; exit 2; }
done
PYTHON=$(command -v /usr/bin/python3 || command -v python3)

# A previous simulation's directory is reused from scratch; any other
# non-empty one is refused.
if [ -f "$WORK/figures.txt" ]; then rm -rf "$WORK"; fi
if [ -d "$WORK" ] && [ -n "$(ls -A "$WORK")" ]; then
  echo "WORK=$WORK is not empty; give an empty or new directory" >&2
  exit 2
fi
mkdir -p "$WORK"
cd "$WORK"
pids=()
stop_all() {
  touch "$WORK/stop"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT
figure() { echo "$*" | tee -a "$WORK/figures.txt"; }
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN {printf "%.2f", a - b}'; }
: > figures.txt
figure "simulation: $SERVERS servers x $LOGS commune logs, $SECONDS_OF_LOAD s of load from $CLIENTS clients; $(nproc) CPUs, $(date -u +%FT%TZ)"

# 1. The communes' logs, made by the operator's command, a few at once.
t=$(now)
for s in $(seq 1 "$SERVERS"); do
  mkdir -p "host$s"
  for l in $(seq 1 "$LOGS"); do
    printf 'xa-%03d/2026-2030 host%s\n' $(((s - 1) * LOGS + l)) "$s"
  done
done | xargs -P 8 -L 1 sh -c \
  '"$0" log create "$1" --logs_dir="$2" --origin="tinh.example/$1" >/dev/null 2>"$2.create.log" || { cat "$2.create.log" >&2; exit 1; }' \
  "$B/clients/minhbach-admin"
figure "made $((SERVERS * LOGS)) logs in $(since "$t") s"

# 2. The hosts.
servers=() dirs=()
for s in $(seq 1 "$SERVERS"); do
  port=$((PORT_BASE + s))
  "$B/services/minhbachd" --logs_dir="host$s" --listen="127.0.0.1:$port" \
    --scrub_bytes_per_second=0 >"host$s.log" 2>&1 &
  pids+=($!)
  servers+=("127.0.0.1:$port") dirs+=("host$s")
done
for s in $(seq 1 "$SERVERS"); do
  for _ in $(seq 1 300); do grep -q "hosting many logs" "host$s.log" && break; sleep 0.1; done
  grep -q "logs=$LOGS" "host$s.log" || { echo "host$s did not open its $LOGS logs:" >&2; tail "host$s.log" >&2; exit 1; }
done
figure "$SERVERS hosts serving, $LOGS logs each"

# 3. The province: its own log, the Front's witness key, the follower's token.
"$B/clients/minhbach" witness keygen --name=mttq.tinh.example/w1 --out=front.key >front.pub
"$B/services/minhbachd" --data_dir=province --listen="127.0.0.1:$((PORT_BASE + 10))" \
  --http_listen= --metrics_listen= --log_name=tinh.example/communes --witness_keys=front.pub \
  --scrub_bytes_per_second=0 >province.log 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q "minhbachd started" province.log && break; sleep 0.1; done
P="$B/clients/minhbach --server=127.0.0.1:$((PORT_BASE + 10)) --client_tokens=province/client-tokens --log_key=province/log.pub"
follower_token=$("$B/clients/minhbach-admin" token issue --data_dir=province --role=service \
  --identity=tinh --name="province follower" --streams=communes/ --lang=en | grep -o 'mbt_[A-Za-z0-9_-]*' | head -1)

# 4. The mirrors: each log's tiles exported, served by a plain web server.
mkdir -p mirror
"$PYTHON" -m http.server "$((PORT_BASE + 20))" --bind 127.0.0.1 --directory mirror >http.log 2>&1 &
pids+=($!)
: > communes.txt
for s in $(seq 1 "$SERVERS"); do
  for name in $("$B/clients/minhbach-admin" log list --logs_dir="host$s" --json |
    "$PYTHON" -c 'import json,sys; print("\n".join(l["log"] for l in json.load(sys.stdin)["logs"]))'); do
    echo "${name%%/*} http://127.0.0.1:$((PORT_BASE + 20))/$name host$s/$name/log.pub" >>communes.txt
  done
done
export_round() {
  while read -r commune url key; do
    dir=$(dirname "$key")
    "$B/clients/minhbach-log" export-tiles "$dir/log" "mirror/${url#*:$((PORT_BASE + 20))/}" \
      --key="$dir/log.key" >/dev/null 2>>export.log
  done <communes.txt
}

# 5. The load, with the exports and the province following, back to back.
"$B/tests/minhbach_host_benchmark" --servers="$(IFS=,; echo "${servers[*]}")" \
  --logs_dirs="$(IFS=,; echo "${dirs[*]}")" --clients="$CLIENTS" \
  --seconds="$SECONDS_OF_LOAD" >load.txt 2>load.err &
load=$!
(while [ ! -f "$WORK/stop" ]; do t=$(now); export_round; echo "$(since "$t")" >>export-rounds.txt; done) &
pids+=($!)
MINHBACH_TOKEN=$follower_token $P province follow --communes=communes.txt --every=1 --lang=en >follow.txt 2>&1 &
pids+=($!)
wait "$load" || { cat load.err >&2; exit 1; }
figure "load: $(tail -1 load.txt | awk '{print $(NF-4)" appends/s across all logs, append p50 "$(NF-3)" us, p99 "$(NF-2)" us, "$(NF-1)" reads/s, "$NF" errors"}')"

# 6. Province lag: one more event in the first and in the last commune the
#    exporter visits, each acknowledged at t, until a reader can prove its
#    head is in the province log.
for which in first last; do
  if [ $which = first ]; then line=$(head -1 communes.txt); else line=$(tail -1 communes.txt); fi
  read -r _ url key <<<"$line"
  name=${url#*:$((PORT_BASE + 20))/}
  dir=$(dirname "$key")
  host=${dir%%/*}
  server=${servers[$((${host#host} - 1))]}
  C1="$B/clients/minhbach --server=$server --log=$name --client_tokens=$dir/client-tokens"
  $C1 --role=service append ext/marker Marker "the last event" >/dev/null
  t=$(now)
  $C1 --role=supervisor checkpoint >"marker-$which.txt"
  lag=""
  for _ in $(seq 1 1800); do
    if $P --role=district verify --commune_head="marker-$which.txt" --commune_key="$key" \
      >proof.txt 2>&1; then lag=$(since "$t"); break; fi
    sleep 0.1
  done
  [ -n "$lag" ] || { echo "the province never recorded the marker's head:" >&2; cat proof.txt >&2; exit 1; }
  figure "province lag: an event in the $which commune the exporter visits is provably in the province log $lag s after it was acknowledged"
  [ $which = first ] && first_key=$key
done
figure "export rounds over $((SERVERS * LOGS)) logs: $(sort -n export-rounds.txt | awk 'NR == 1 {min = $1} {max = $1} END {print NR " rounds, " min " to " max " s each"}'); follow rounds: $(grep -o 'round [0-9]* ([0-9.]* s)' follow.txt | sed 's/.*(\(.*\) s)/\1/' | sort -n | awk 'NR == 1 {min = $1} {max = $1} END {print NR " rounds, " min " to " max " s each"}')"
touch "$WORK/stop"
sleep 1

# 7. The Front verifies the province log and cosigns its head.
t=$(now)
$P --role=supervisor verify --all --trusted=front-saw.txt >front-verify.txt
$P --role=supervisor witness cosign --witness_key=front.key --trusted=front-saw.txt >/dev/null
figure "the Front verified the province log ($(head -c 200 front-saw.txt | sed -n 2p) entries, each re-hashed) and cosigned its head in $(since "$t") s"

# 8. Readers, from the mirrors alone (and the province for the inclusion).
t=$(now)
$P --role=district verify --commune_head=marker-first.txt --commune_key="$first_key" \
  --require_cosigner=front.pub >proof.txt || { cat proof.txt >&2; exit 1; }
figure "a reader proved the first commune's head is in the province head the Front cosigned in $(since "$t") s"
export_round
t=$(now)
"$B/clients/minhbach" province --communes=communes.txt --json >summary.json || { head -c 2000 summary.json >&2; exit 1; }
verified=$("$PYTHON" -c 'import json; print(json.load(open("summary.json"))["communes_verified"])')
events=0
for f in mirror/*/*/checkpoint; do events=$((events + $(sed -n 2p "$f"))); done
figure "a reader re-hashed all $verified mirrors ($events events) from the web server in $(since "$t") s"
t=$(now)
read -r commune url key <communes.txt
"$B/clients/minhbach" verify --tiles="$url" --log_key="$key" --trusted=reader-head.txt --all >reader.txt
figure "a reader verified one commune's whole log from its mirror in $(since "$t") s"
for s in $(seq 1 "$SERVERS"); do
  figure "host$s ($LOGS logs) after the run: $(grep -E 'VmRSS|Threads' "/proc/${pids[$((s - 1))]}/status" | tr -s ' \t' ' ' | paste -sd ' ')"
done
figure "figures in $WORK/figures.txt"
