#!/usr/bin/env bash
# Install the Debian packages vanban needs, when missing and when running as root.
# LibreOffice (.doc input, sample PDFs), Tesseract with Vietnamese (scans), fonts.
set -euo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || need+=(tesseract-ocr-vie)
dpkg -s fonts-liberation2 >/dev/null 2>&1 || need+=(fonts-liberation2 fonts-liberation)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install-system: missing Debian packages: ${need[*]} (not root: install them yourself)" >&2
  exit 0
fi
echo "install-system: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
