#!/bin/sh
# PDF reports need Pango (WeasyPrint) and a Chinese font; install them where missing.
# Without root or apt-get it only says what is missing: the rest of the portal still runs.
missing=""
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0' || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  missing="$missing fonts-wqy-microhei fontconfig"
fi
[ -z "$missing" ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
  if [ "$SUDO" != "none" ]; then
    echo "Installing for PDF reports:$missing"
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null && exit 0
  fi
fi
echo "Note: PDF reports need:$missing (Debian/Ubuntu: apt-get install$missing)." >&2
exit 0
