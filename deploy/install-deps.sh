#!/usr/bin/env bash
# Installs the Debian 12 packages that minhbach needs to build, test and run.
# Idempotent: packages already present are left as they are. Run as root.
# Then installs the npm packages of the web app (and, with --tests, of its
# tests), from their lockfiles.
#   deploy/install-deps.sh           # to build and run the product (deploy/run.sh)
#   deploy/install-deps.sh --tests   # and to run the whole test suite (deploy/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config git ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libabsl-dev libssl-dev libgtest-dev libgmock-dev libcpp-httplib-dev
  libxlsxwriter-dev
  libjemalloc-dev  # minhbachd's allocator (services/server/jemalloc_conf.cc)
  openssl systemd
  unzip  # tests read .xlsx exports back (a zip of XML)
  clang libclang-rt-14-dev
)
# Only the tests need these (each starts nothing the product uses).
test_packages=(
  chromium fonts-dejavu-core  # the web app's browser tests (DejaVu has Vietnamese glyphs)
  curl python3-grpcio python3-protobuf  # web API tests: clients minhbach did not write
  postgresql-15 redis-server libpq-dev libhiredis-dev  # the peer benchmark (tests/bench)
)
npm_dirs=(clients/web)
if [ "${1:-}" = --tests ]; then
  packages+=("${test_packages[@]}")
  npm_dirs+=(tests/web)
elif [ $# -gt 0 ]; then
  echo "deploy/install-deps.sh: unknown argument '$1' (give --tests or nothing)" >&2
  exit 2
fi
# node and npm for the web app (Debian 12's nodejs 18 is enough); a node
# already installed some other way is kept.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deploy/install-deps.sh: all ${#packages[@]} packages already installed"
elif [ "$(id -u)" -ne 0 ]; then
  echo "deploy/install-deps.sh: missing packages (${missing[*]}); run as root to install them" >&2
  exit 1
else
  echo "deploy/install-deps.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm packages, exactly as each package-lock.json pins them (versions are
# exact): the web app's (clients/web: uPlot) and its tests' (tests/web:
# puppeteer-core, which never downloads a browser, and connect-web). Skipped
# when node_modules already holds them, so a second run needs no network.
for dir in "${npm_dirs[@]}"; do
  if npm ls --prefix "$dir" --all >/dev/null 2>&1; then
    echo "deploy/install-deps.sh: $dir/node_modules is current"
  else
    echo "deploy/install-deps.sh: npm ci --prefix $dir"
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix "$dir" --no-audit --no-fund
  fi
done
