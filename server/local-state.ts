import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * What a running server leaves in DATA_DIR for the tools on the same machine (`cti simulate`):
 * the webhook secret generated outside production, and the port it listens on. Only fs and path
 * here, so the CLI reads them without loading the server.
 */

/** Written by loadConfig (server/config.ts) when NODE_ENV=development and DIALPAD_WEBHOOK_SECRET is unset. */
export const WEBHOOK_SECRET_FILE = 'dialpad-webhook-secret';
/** Written by server/index.ts once it listens, removed when it stops. */
export const SERVER_FILE = 'server.json';

export interface LocalServer {
  pid: number;
  /** Where a tool on this machine reaches it: http://127.0.0.1:5000. */
  url: string;
  /** Whether the webhook secret is the generated file's, the environment's (which no file holds), or none. */
  webhookSecret: 'environment' | 'generated' | 'missing';
}

/** DATA_DIR as the server resolves it (relative to the working directory, `./data` by default). */
export function dataDirOf(env: NodeJS.ProcessEnv): string {
  return resolve(env.DATA_DIR?.trim() || './data');
}

/** The address a local tool connects to for a listen address: a wildcard means this machine's loopback. */
export function localUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function writeLocalServer(dataDir: string, server: LocalServer): void {
  writeFileSync(join(dataDir, SERVER_FILE), `${JSON.stringify(server)}\n`, { mode: 0o600 });
}

/** Removes the file if it is still this process's (another node on the same DATA_DIR may have written it since). */
export function removeLocalServer(dataDir: string, pid: number): void {
  if (readLocalServer(dataDir)?.pid === pid) rmSync(join(dataDir, SERVER_FILE), { force: true });
}

/** The server that wrote DATA_DIR/server.json, if that process is still alive (a killed one leaves its file behind). */
export function runningLocalServer(dataDir: string): LocalServer | undefined {
  const server = readLocalServer(dataDir);
  if (!server) return undefined;
  try {
    process.kill(server.pid, 0);
    return server;
  } catch (err) {
    // EPERM: alive, but another user's process.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? server : undefined;
  }
}

function readLocalServer(dataDir: string): LocalServer | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, SERVER_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<LocalServer>;
    if (typeof value.pid !== 'number' || typeof value.url !== 'string') return undefined;
    const webhookSecret = value.webhookSecret === 'environment' || value.webhookSecret === 'generated' ? value.webhookSecret : 'missing';
    return { pid: value.pid, url: value.url, webhookSecret };
  } catch {
    return undefined;
  }
}

/** The generated webhook secret, if the server made one. */
export function readLocalWebhookSecret(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, WEBHOOK_SECRET_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
