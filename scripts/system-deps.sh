#!/usr/bin/env bash
# Installs the Debian packages the pack needs, only those missing.
#   build: what `make` needs (a Times-metric serif with every Vietnamese letter, Pango for WeasyPrint)
#   test:  what `make test` needs on top (poppler, Chromium for Playwright, LibreOffice to open DOCX and, with
#          python3-uno, to fill templates as a board does (tests/fill.py), and Node.js with npm for axe-core,
#          unless `node` and `npm` are already on PATH, from Debian or elsewhere)
set -euo pipefail
build=(fonts-liberation2 fonts-croscore libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
test=(poppler-utils chromium libreoffice-writer-nogui python3-uno)
case "${1:-build}" in
  build) want=("${build[@]}") ;;
  test) want=("${build[@]}" "${test[@]}")
        command -v node >/dev/null || want+=(nodejs)
        command -v npm >/dev/null || want+=(npm) ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Not root: run  sudo apt-get install ${missing[*]}  and try again." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
