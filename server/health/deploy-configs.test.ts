import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { IMPORT_BODY_LIMIT } from '../customers/import/routes';
import { WEBHOOK_BODY_LIMIT } from '../dialpad/webhook-routes';
import { SHUTDOWN_TIMEOUT_MS } from './shutdown';

/**
 * The deployment files repeat numbers the server relies on (how long a shutdown takes, Dialpad's
 * 5 s, body limits). deploy/check-configs.sh checks that nginx, PM2 and systemd accept them; these
 * tests check that they still agree with the code.
 */
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface PmApp {
  name: string;
  script: string;
  node_args: string[];
  kill_timeout: number;
  exec_mode: string;
  env: Record<string, string>;
}

describe('deploy/ecosystem.config.cjs (PM2)', () => {
  it('loads with plain node, names the app after the product and outlasts the graceful shutdown', () => {
    process.env.CTI_ENV_FILE = '/nonexistent/cti.env';
    const { apps } = createRequire(import.meta.url)('../../deploy/ecosystem.config.cjs') as { apps: PmApp[] };
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({ name: 'cti-popup', script: 'server/index.ts', node_args: ['--import', 'tsx'], exec_mode: 'fork' });
    expect(apps[0]!.kill_timeout).toBeGreaterThan(SHUTDOWN_TIMEOUT_MS);
    expect(apps[0]!.env).toMatchObject({ NODE_ENV: 'production', PORT: '5000' });
    expect(apps[0]!.env).not.toHaveProperty('JWT_SECRET');
  });
});

describe('deploy/cti.service (systemd)', () => {
  const unit = read('deploy/cti.service');
  const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];

  it('runs as a non-root user with an environment file, restarts on failure, waits for the shutdown', () => {
    expect(value('User')).toBe('cti');
    expect(value('EnvironmentFile')).toBe('/etc/cti/cti.env');
    expect(value('Restart')).toBe('on-failure');
    expect(value('KillSignal')).toBe('SIGTERM');
    expect(Number(value('TimeoutStopSec')) * 1000).toBeGreaterThan(SHUTDOWN_TIMEOUT_MS);
    expect(value('ExecStart')).toBe('/usr/bin/node --import tsx server/index.ts');
    for (const hardening of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'CapabilityBoundingSet=']) {
      expect(unit).toContain(`\n${hardening}\n`);
    }
  });
});

describe('deploy/nginx/cti.conf', () => {
  const conf = read('deploy/nginx/cti.conf').replace(/#.*$/gm, '');
  /** The body of `location <match> {...}` (locations here hold no nested blocks). */
  const location = (match: string) => new RegExp(`location ${match.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\{([^}]*)\\}`).exec(conf)?.[1] ?? '';
  const seconds = (block: string, directive: string) => Number(new RegExp(`${directive} (\\d+)s;`).exec(block)?.[1]);

  it('answers Dialpad within its 5 seconds and fails over only what is safe to repeat', () => {
    const webhook = location('= /api/dialpad/webhook');
    expect(seconds(webhook, 'proxy_read_timeout') + seconds(webhook, 'proxy_connect_timeout')).toBeLessThan(5);
    expect(webhook).toMatch(/proxy_next_upstream error http_502 http_503 non_idempotent;/);
    expect(webhook).toContain(`client_max_body_size ${WEBHOOK_BODY_LIMIT / 1024}k;`);
    expect(webhook).toContain('proxy_pass http://cti_webhook;');
  });

  it('takes the CSV import up to the app\'s own limit, and cuts off slow and greedy clients as the app does', () => {
    const importing = location('= /api/customers/import');
    expect(importing).toContain(`client_max_body_size ${IMPORT_BODY_LIMIT / 1024 / 1024}m;`);
    expect(importing).toContain('proxy_pass http://cti_nodes;');
    const app = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) });
    expect(seconds(conf, 'client_body_timeout') * 1000).toBeLessThanOrEqual(app.bodyTimeoutMs);
    expect(seconds(conf, 'client_header_timeout') * 1000).toBeLessThanOrEqual(app.bodyTimeoutMs);
    expect(conf).toContain(`limit_conn cti_per_address ${app.maxConnectionsPerAddress};`);
  });

  it('upgrades WebSockets on sticky nodes, keeps /metrics inside, and sets proxy headers once', () => {
    expect(location('/socket.io/')).toContain('proxy_pass http://cti_nodes;');
    expect(conf).toMatch(/proxy_set_header Upgrade +\$http_upgrade;/);
    expect(conf).toMatch(/proxy_set_header X-Request-Id +\$request_id;/);
    expect(location('= /metrics')).toContain('deny all;');
    // A proxy_set_header inside a location would silently drop every one set for the server.
    const locations = [...conf.matchAll(/location [^{]+\{([^}]*)\}/g)].map((m) => m[1] ?? '');
    expect(locations.filter((body) => body.includes('proxy_set_header'))).toEqual([]);
    const lists = [...conf.matchAll(/upstream (\S+) \{([^}]*)\}/g)].map((m) => [m[1], (m[2] ?? '').match(/server \S+/g)?.join(',')]);
    expect(lists.map(([name]) => name)).toEqual(['cti_nodes', 'cti_webhook']);
    expect(lists[0]![1]).toBe(lists[1]![1]);
    expect(conf).toMatch(/upstream cti_nodes \{\s*ip_hash;/);
  });
});
