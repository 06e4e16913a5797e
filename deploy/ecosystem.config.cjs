// PM2 process file for the CTI popup (app `cti-popup`, the package's name).
//   npm ci && npm run build:web          # once per deploy: the server only serves web/dist
//   pm2 start deploy/ecosystem.config.cjs && pm2 save
//   pm2 reload cti-popup                 # after a deploy (drains, then starts the new code)
// Secrets stay out of this file: they are read from CTI_ENV_FILE (default /etc/cti/cti.env), the
// same KEY=value file the systemd unit uses. See docs/deploy.md.
//
// Several processes: PM2's cluster mode has no sticky sessions, which Socket.IO's long-polling
// needs. Run one fork-mode app per port (copy the entry below with PORT 5001, 5002...) behind
// nginx's ip_hash upstream, with REDIS_URL set so a call reaches sockets on every process.
'use strict';

const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** KEY=value lines (systemd EnvironmentFile syntax: # comments, optional quotes); {} when absent. */
function readEnvFile(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const env = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (line === '' || line.startsWith('#') || eq < 1) continue;
    env[line.slice(0, eq).trim()] = line.slice(eq + 1).trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return env;
}

const envFile = process.env.CTI_ENV_FILE || '/etc/cti/cti.env';

module.exports = {
  apps: [
    {
      name: 'cti-popup',
      cwd: join(__dirname, '..'),
      // One node process (not `npm start`, whose shell would stand between PM2's signal and the
      // server's graceful shutdown); tsx compiles the TypeScript as it loads.
      script: 'server/index.ts',
      interpreter: 'node',
      node_args: ['--import', 'tsx'],
      exec_mode: 'fork',
      instances: 1,
      autorestart: true,
      exp_backoff_restart_delay: 200,
      max_memory_restart: '1536M',
      // PM2 sends SIGINT, then SIGKILL after this: longer than the server's own 10 s shutdown limit.
      kill_timeout: 15000,
      // pino writes JSON lines with their own time.
      time: false,
      merge_logs: true,
      env: {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '5000',
        DATA_DIR: '/var/lib/cti',
        LOG_LEVEL: 'info',
        ...readEnvFile(envFile),
      },
    },
  ],
};
