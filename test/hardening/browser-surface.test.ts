/**
 * What a browser on another site can do with us: open a socket (refused unless its Origin is ours
 * or configured), read an API answer (no CORS grant, ever, by default), frame or script the app
 * (security headers and a content security policy the built web app itself lives within).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../server/http/web-app';
import { type ClientSocket, startTestApp, type TestApp } from '../support/app';
import { authHeader } from './support';

const EVIL = 'https://evil.example';
const CONFIGURED = 'https://cti-tools.example.jp';

/** 'connected', or the reason the connection was refused. */
function tryConnect(url: string, token: string, transport: 'websocket' | 'polling', origin?: string): Promise<string> {
  const socket: ClientSocket = connectSocket(url, {
    auth: { token },
    transports: [transport],
    reconnection: false,
    forceNew: true,
    extraHeaders: origin ? { origin } : {},
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (err) => {
      socket.disconnect();
      resolve(err.message);
    });
  });
}

/** `default-src 'self'; ...` → { 'default-src': ["'self'"], ... }. */
function cspOf(header: string | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const directive of (header ?? '').split(';')) {
    const [name, ...values] = directive.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

describe('browser surface', () => {
  let t: TestApp;
  let configured: TestApp;
  let token: string;

  beforeAll(async () => {
    [t, configured] = await Promise.all([startTestApp(), startTestApp({ CORS_ORIGINS: CONFIGURED })]);
    token = (await t.signIn({ role: 'admin' })).token;
  });
  afterAll(async () => {
    await Promise.all([t.close(), configured.close()]);
  });

  it('opens sockets for our own origin, a configured one and tools without an Origin; refuses any other', async () => {
    for (const transport of ['websocket', 'polling'] as const) {
      expect(await tryConnect(t.url, token, transport), transport).toBe('connected');
      expect(await tryConnect(t.url, token, transport, t.url), transport).toBe('connected');
      expect(await tryConnect(t.url, token, transport, EVIL), transport).not.toBe('connected');
      expect(await tryConnect(t.url, token, transport, 'null'), transport).not.toBe('connected');
      const other = (await configured.signIn({ role: 'admin' })).token;
      expect(await tryConnect(configured.url, other, transport, CONFIGURED), transport).toBe('connected');
      expect(await tryConnect(configured.url, other, transport, EVIL), transport).not.toBe('connected');
    }
  });

  it('grants no CORS to a foreign origin: API answers, preflights and the socket handshake', async () => {
    const headers = { ...authHeader(token), origin: EVIL };
    const answers = [
      await fetch(`${t.url}/api/auth/me`, { headers }),
      await fetch(`${t.url}/api/customers`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } }),
      await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { origin: EVIL, 'content-type': 'application/json' }, body: '{"email":"a@b.jp","password":"xxxxxxxx"}' }),
      await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: EVIL } }),
      await fetch(`${configured.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: EVIL } }),
    ];
    for (const res of answers) {
      expect(res.headers.get('access-control-allow-origin'), res.url).toBeNull();
      expect(res.headers.get('access-control-allow-credentials'), res.url).toBeNull();
    }
    // The preflight is not granted, so the browser never sends the real request.
    expect(answers[1]!.ok).toBe(false);
  });

  it('sends the security headers on API answers and on the web app', async () => {
    for (const path of ['/api/auth/me', '/healthz', '/', '/api/nope']) {
      const res = await fetch(`${t.url}${path}`, { headers: authHeader(token) });
      const h = res.headers;
      expect(h.get('x-content-type-options'), path).toBe('nosniff');
      expect(h.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(h.get('strict-transport-security'), path).toMatch(/max-age=\d{7,}/);
      expect(h.get('referrer-policy'), path).toBe('no-referrer');
      expect(h.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(h.get('cross-origin-resource-policy'), path).toBe('same-origin');
      expect(h.get('x-powered-by'), path).toBeNull();
      const csp = cspOf(h.get('content-security-policy'));
      expect(csp['default-src'], path).toEqual(["'self'"]);
      // No inline or foreign script, no plugins, no framing by other sites, no base-tag hijack.
      expect(csp['script-src'], path).toEqual(["'self'"]);
      expect(csp['script-src-attr'], path).toEqual(["'none'"]);
      expect(csp['object-src'], path).toEqual(["'none'"]);
      expect(csp['frame-ancestors'], path).toEqual(["'none'"]);
      expect(csp['base-uri'], path).toEqual(["'self'"]);
      // Sockets and API calls go to our own origin only.
      expect(csp['connect-src'], path).toEqual(["'self'"]);
    }
  });

  it('the web app lives within that policy: only same-origin scripts and styles, no inline script', () => {
    const pages = [join(WEB_DIST, '..', 'index.html'), join(WEB_DIST, 'index.html')].filter((p) => existsSync(p));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      for (const [, attrs, content] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)) {
        // Every script is a file from our origin ('self'); an inline one would be blocked.
        expect(attrs, page).toMatch(/\ssrc="\/[^/]/);
        expect(content!.trim(), page).toBe('');
      }
      expect(html, page).not.toMatch(/\son[a-z]+\s*=/i);
      for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
        // Same-origin paths, or data: (img-src allows it, for the empty favicon).
        expect(url, page).toMatch(/^(\/[^/]|data:)/);
      }
    }
  });
});
