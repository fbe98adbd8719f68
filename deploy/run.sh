#!/usr/bin/env bash
# Installs what is missing, builds, and runs minhbachd on an embedded RocksDB
# directory (plaintext on 127.0.0.1:50051, data in ./data: log, projections,
# tokens, key), then loads the commune's 2024 plan and the illustrative demo
# activity through the public API (idempotent: a restart loads nothing twice)
# and prints the dashboard. The server keeps running until Ctrl-C.
#
#   sudo deploy/run.sh                          # build, serve ./data, load the seed
#   REFERENCE_DATE=2024-12-31 deploy/run.sh     # judge deadlines on that day (default 2024-11-30)
#   SEED=plan deploy/run.sh                     # the plan only, no demo activity
#   SEED=none deploy/run.sh                     # load nothing
#   DATA=/var/lib/minhbach LISTEN=127.0.0.1:7000 deploy/run.sh --log_name=lienchung.example/log
#   HTTP_LISTEN=127.0.0.1:8081 deploy/run.sh    # the web app on another port (default 127.0.0.1:8080)
#   MASTER_KEY=/etc/minhbach/master-key deploy/run.sh  # households' master key (default ./master-key,
#                                                      # made when missing, outside the data directory)
# Extra arguments go to minhbachd (see build/services/minhbachd --help).
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"${JOBS:-2}" --target minhbachd minhbach minhbach-admin minhbach-log minhbach_web_site

data=${DATA:-./data}
listen=${LISTEN:-127.0.0.1:50051}
http_listen=${HTTP_LISTEN:-127.0.0.1:8080}
# The master key that wraps households' personal-data keys: never inside the
# data directory (a copy of the data must not carry its key), mode 0600.
master_key=${MASTER_KEY:-./master-key}
if [ ! -e "$master_key" ]; then
  (umask 077 && head -c 32 /dev/urandom >"$master_key")
  echo "Đã tạo khoá chủ (master key) cho dữ liệu cá nhân của hộ gia đình: $master_key (quyền 0600, ngoài thư mục dữ liệu)."
  echo "  Hãy sao lưu khoá này ở nơi an toàn, tách khỏi bản sao lưu dữ liệu: mất khoá là mất dữ liệu cá nhân."
fi
build/services/minhbachd --data_dir="$data" --listen="$listen" --http_listen="$http_listen" \
  --master_key_file="$master_key" "$@" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null; wait "$server"' INT TERM

client() {
  MINHBACH_SERVER=$listen build/clients/minhbach --client_tokens="$data/client-tokens" "$@"
}
for _ in $(seq 100); do  # wait until it serves (the first start creates its key and tokens)
  client checkpoint --role=supervisor >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { wait "$server"; exit 1; }
  sleep 0.2
done

case "${SEED:-demo}" in
  none) ;;
  plan) client import deploy/seed/lien-chung-2024.plan.json ;;
  *) client import deploy/seed/lien-chung-2024.plan.json deploy/seed/demo-activity.json ;;
esac
if [ "${SEED:-demo}" != none ]; then
  sleep 0.5  # let the projection fold the import
  # One reference date for the dashboard shown here and the command suggested
  # next (its header states it), so that both judge deadlines alike.
  reference_date=${REFERENCE_DATE:-2024-11-30}
  client status --role=coordinator --reference_date="$reference_date"
  hint="build/clients/minhbach status --role=district --reference_date=$reference_date"
  [ "$listen" = 127.0.0.1:50051 ] || hint="MINHBACH_SERVER=$listen $hint"
  [ "$data" = ./data ] || hint="$hint --client_tokens=$data/client-tokens"
  echo "minhbachd serves $listen (data in $data); try: $hint"
fi
# The web app: where it is and how to sign in, in Vietnamese like its pages.
echo
echo "Ứng dụng web: http://$http_listen/"
echo "Đăng nhập (trang Đăng nhập của ứng dụng): dán mã (chuỗi bắt đầu bằng mbt_) ở cuối một dòng của $data/client-tokens,"
echo "  ví dụ dòng \"coordinator\" (cán bộ LĐ-TB&XH xã: mọi việc của chương trình), \"supervisor\" (MTTQ: xem và ghi giám sát)"
echo "  hoặc \"village:thon-1\" (trưởng thôn 1: báo cáo của thôn). Lệnh in mã của cán bộ điều phối:"
echo "  awk '\$1 == \"coordinator\" { print \$2 }' $data/client-tokens"
# The key's fingerprint, as the web app shows it (SHA-256 of data/log.pub's
# key line, in groups of 4): post it at the commune office, so that the
# Front's auditors can compare it with the one their browser shows.
fingerprint=$(printf %s "$(cat "$data/log.pub")" | sha256sum | cut -c1-64 | tr a-f A-F | sed 's/..../& /g; s/ $//')
echo "Dấu vân tay khóa ký sổ cái (niêm yết tại trụ sở xã để đối chiếu với trang Kiểm tra): $fingerprint"
wait "$server"
