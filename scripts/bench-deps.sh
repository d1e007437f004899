#!/usr/bin/env bash
# Installs what `make bench` needs beyond the Python packages, when missing and when run as root:
# wrk (the load generator of bench/api_throughput.py) and wkhtmltopdf (bench/pdf_letters.py).
set -euo pipefail
packages=()
command -v wrk >/dev/null 2>&1 || packages+=(wrk)
command -v wkhtmltopdf >/dev/null 2>&1 || packages+=(wkhtmltopdf)
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${packages[*]} (install them with apt-get as root)" >&2
  exit 1
fi
echo "installing system packages: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
