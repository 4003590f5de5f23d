#!/usr/bin/env bash
# The Debian packages the end-to-end tests use beside Rust, installed where missing (as root,
# with apt-get): the shells and man-page tools the completion and man-page tests run, tmux (the
# terminal the screen tests draw in), and the
# real consumers `export` is checked against (python-dotenv and PyYAML for Debian's python3),
# the key tools whose keys the member tests are made with (age-keygen, ssh-keygen), and
# PostgreSQL, whose initdb and pg_ctl start a throwaway server for the tests of a shared store,
# pgbouncer, the pooler the production tests put between the binary and the server (tests/it/pg_ops/),
# and jq, which the documents' examples (tests/it/docs.rs) pipe JSON into.
# Without root or apt it says what is missing; the tests that need a missing tool then fail
# or (the older shell and man-page checks) print SKIPPED.
set -euo pipefail
packages=()
for tool in zsh fish mandoc groff tmux; do command -v "$tool" >/dev/null || packages+=("$tool"); done
command -v age-keygen >/dev/null || packages+=(age)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
command -v ssh-keygen >/dev/null || packages+=(openssh-client)
command -v openssl >/dev/null || packages+=(openssl)
command -v jq >/dev/null || packages+=(jq)
command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || packages+=(pgbouncer)
/usr/bin/python3 -c 'import dotenv' 2>/dev/null || packages+=(python3-dotenv)
/usr/bin/python3 -c 'import yaml' 2>/dev/null || packages+=(python3-yaml)
[ ${#packages[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  # Wait for a dpkg lock held by another install rather than fail at once.
  apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${packages[@]}" >/dev/null
else
  echo "tests/deps.sh: missing ${packages[*]} (install them with apt-get as root)" >&2
fi
