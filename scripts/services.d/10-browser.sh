# Sourced by scripts/test: the browser tests drive Debian's Chromium through Playwright (never a
# downloaded browser), with Debian's Noto CJK fonts so that Chinese names render as glyphs, not boxes.
# Install what is missing when we may (root); otherwise the browser tests skip, except in CI, where a
# missing Chromium fails them.
_kg_browser_pkgs=()
[ -x /usr/bin/chromium ] || _kg_browser_pkgs+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || _kg_browser_pkgs+=(fonts-noto-cjk)
if [ "${#_kg_browser_pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's ${_kg_browser_pkgs[*]} for the browser tests" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${_kg_browser_pkgs[@]}" >/dev/null
  else
    echo "missing ${_kg_browser_pkgs[*]} and no root to install: browser tests may skip (fail in CI)" >&2
  fi
fi
unset _kg_browser_pkgs
