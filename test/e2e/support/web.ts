import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import { startTestApp, type TestApp } from '../../support/app';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const webConfig = join(root, 'web/vite.config.ts');
const dist = join(root, 'web/dist');
const lockDir = join(root, 'web/.build-lock');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function isFresh(): boolean {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return false;
  const sources = Math.max(newestMtime(join(root, 'web/src')), newestMtime(join(root, 'web/index.html')), newestMtime(join(root, 'common')), newestMtime(join(root, 'docs/ja')));
  return statSync(index).mtimeMs >= sources;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds web/dist when it is missing or older than the sources; test files running at once build it once. */
export async function ensureWebBuilt(): Promise<void> {
  if (isFresh()) return;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // Another test file is building: wait for it, then use its result.
      if (Date.now() - statSync(lockDir, { throwIfNoEntry: false })!.mtimeMs > 120_000) rmSync(lockDir, { recursive: true, force: true });
      await sleep(200);
      if (isFresh()) return;
    }
  }
  try {
    if (!isFresh()) {
      // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
      const nodeEnv = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await build({ configFile: webConfig, mode: 'production', logLevel: 'warn', build: { sourcemap: false } });
      } finally {
        process.env.NODE_ENV = nodeEnv;
      }
    }
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

export interface WebApp {
  api: TestApp;
  /** Where the browser goes: the app itself when it serves the web app, or a static server in front of it. */
  url: string;
  close(): Promise<void>;
}

/** The real server (PGlite, random port) with the built web app in front of it. */
export async function startWebApp(env: Record<string, string> = {}): Promise<WebApp> {
  await ensureWebBuilt();
  const api = await startTestApp(env);
  const home = await fetch(`${api.url}/`).catch(() => null);
  if (home?.ok && home.headers.get('content-type')?.includes('text/html')) {
    return { api, url: api.url, close: () => api.close() };
  }
  // The server does not serve web/dist (yet): Vite's preview server does, proxying the API and sockets.
  const server: PreviewServer = await preview({
    configFile: webConfig,
    logLevel: 'warn',
    preview: {
      host: '127.0.0.1',
      port: 0,
      strictPort: false,
      proxy: {
        '/api': { target: api.url, changeOrigin: false },
        '/socket.io': { target: api.url, ws: true, changeOrigin: false },
      },
    },
  });
  const address = server.httpServer.address();
  const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  return {
    api,
    url,
    async close() {
      await server.close();
      await api.close();
    },
  };
}
