# Sourced by scripts/test: the browser tests drive Debian's Chromium through Playwright (never a
# downloaded browser). Install it when it is missing and we may (root); otherwise the browser tests
# skip, except in CI, where a missing Chromium fails them.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the browser tests" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "no /usr/bin/chromium and no root to install it: the browser tests will skip (fail in CI)" >&2
  fi
fi
