#!/usr/bin/env bash
# Checks the checked-in deployment configs the way the servers will read them:
#   1. deploy/nginx/cti.conf parses with Debian's nginx (`nginx -t`, a throwaway certificate),
#   2. deploy/ecosystem.config.cjs loads with plain node and has the shape PM2 needs,
#   3. deploy/cti.service passes `systemd-analyze verify` (skipped where systemd-analyze is missing).
# Everything is written under one temporary directory, removed on exit. Needs root only to install nginx.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "--- nginx: deploy/nginx/cti.conf"
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "nginx is missing: install Debian's package (apt-get install nginx) or run this as root" >&2
    exit 1
  fi
  echo "nginx is missing; installing Debian's package"
  # A policy-rc.d that says no keeps the package from starting a server on port 80 (containers have one).
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
  if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

# A self-signed certificate standing in for certbot's.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=cti.example.jp" \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" >/dev/null 2>&1

# The config as shipped, with only the paths that nginx opens moved into the temporary directory.
sed -e "s#/etc/letsencrypt/live/[^/;]*/#$work/#g" -e "s#/var/log/nginx/#$work/#g" \
  deploy/nginx/cti.conf >"$work/cti.conf"
if grep -q -e /etc/letsencrypt -e /var/log/nginx "$work/cti.conf"; then
  echo "cti.conf names a certificate or log path the check does not know how to move" >&2
  exit 1
fi
mkdir -p "$work/logs"
cat >"$work/nginx.conf" <<CONF
# What Debian's /etc/nginx/nginx.conf provides around conf.d/*.conf, with every path in $work.
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    access_log $work/access.log;
    client_body_temp_path $work/client_body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/cti.conf;
}
CONF
"$NGINX" -t -q -p "$work/" -e "$work/error.log" -c "$work/nginx.conf"
echo "nginx -t: ok ($("$NGINX" -v 2>&1))"

echo "--- PM2: deploy/ecosystem.config.cjs"
CTI_ENV_FILE="$work/none.env" node -e '
  const assert = require("node:assert/strict");
  const { apps } = require("./deploy/ecosystem.config.cjs");
  assert.ok(Array.isArray(apps) && apps.length >= 1, "apps must be a non-empty array");
  const app = apps[0];
  assert.equal(app.name, "cti-popup");
  assert.equal(app.script, "server/index.ts");
  assert.deepEqual(app.node_args, ["--import", "tsx"]);
  assert.ok(require("node:fs").existsSync(require("node:path").join(app.cwd, app.script)), "cwd + script must exist");
  assert.equal(app.env.NODE_ENV, "production");
  assert.ok(app.kill_timeout > 10000, "kill_timeout must outlast the server'"'"'s 10 s shutdown");
  console.log("ecosystem: ok (" + apps.map((a) => a.name).join(", ") + ")");
'

echo "--- systemd: deploy/cti.service"
if command -v systemd-analyze >/dev/null 2>&1; then
  unit="$work/cti.service"
  cp deploy/cti.service "$unit"
  if [ ! -x /usr/bin/node ]; then
    # verify insists that ExecStart exists; this machine keeps node elsewhere.
    sed -i "s#/usr/bin/node#$(command -v node)#" "$unit"
  fi
  # verify exits 0 on unknown keys and bad values: any word from it is a failure.
  out="$(systemd-analyze verify "$unit" 2>&1 || true)"
  if [ -n "$out" ]; then
    echo "$out" >&2
    exit 1
  fi
  echo "systemd-analyze verify: ok"
else
  echo "systemd-analyze is not installed: unit not verified (skipped)"
fi
