#!/usr/bin/env bash
# Installs what is missing, builds, and runs minhbach on an embedded RocksDB
# directory (./data by default).
#
#   sudo deploy/run.sh              # build, then run on ./data
#   DATA=/var/lib/minhbach deploy/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"${JOBS:-2}"

data=${DATA:-./data}
tool=build/clients/minhbach-log
"$tool" demo "$data" --events=30
"$tool" checkpoint "$data" --key="$data.key" >"$data.head"
echo "signed tree head of the log (saved in $data.head):"
cat "$data.head"
"$tool" verify "$data"
