#!/usr/bin/env bash
# Installs the Debian packages the service and its tests need, when missing and when run as root.
set -euo pipefail
packages=()
command -v wkhtmltopdf >/dev/null 2>&1 || packages+=(wkhtmltopdf)
command -v pdftotext >/dev/null 2>&1 || packages+=(poppler-utils)  # pdftotext/pdfimages in tests
command -v chromium >/dev/null 2>&1 || packages+=(chromium)  # the feedback page browser test
command -v faketime >/dev/null 2>&1 || packages+=(faketime)  # the suite at another date (README)
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  packages+=(docker-compose)  # validates docker/compose.yaml (no Docker engine is needed)
fi
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${packages[*]} (install them with apt-get as root)" >&2
  exit 1
fi
echo "installing system packages: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
