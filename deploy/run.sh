#!/usr/bin/env bash
# Installs what is missing, builds, and runs minhbachd on an embedded RocksDB
# directory: plaintext on 127.0.0.1:50051, data in ./data (log, tokens, key).
#
#   sudo deploy/run.sh                          # build, then serve ./data
#   DATA=/var/lib/minhbach deploy/run.sh --listen=127.0.0.1:7000
# Extra arguments go to minhbachd (see build/services/minhbachd --help).
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"${JOBS:-2}" --target minhbachd minhbach minhbach-log

exec build/services/minhbachd --data_dir="${DATA:-./data}" "$@"
