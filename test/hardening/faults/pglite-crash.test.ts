/**
 * The embedded database after a process crash: `npm start` on PGlite, SIGKILLed in the middle of a
 * burst of webhooks. Every event it answered 200 must be there when the folder is opened again,
 * and the server must start again on it by itself (the stale lock of the dead process is taken over).
 * What this does and does not prove about power loss: docs/security.md, "Durability".
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/client';
import { WEBHOOK_SECRET } from '../../support/app';
import { dialpadCall, deliverJwt } from '../../support/dialpad';
import { keysIn, missingFrom, startLoad } from './load';
import { startServer } from '../../support/processes';
import { eventually } from './processes';

describe('PGlite after SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cti-crash-'));
  const env = { NODE_ENV: 'test', DATA_DIR: dataDir, JWT_SECRET: 'crash-test-jwt-secret-which-is-long-enough-0123', DIALPAD_WEBHOOK_SECRET: WEBHOOK_SECRET, LOG_LEVEL: 'warn' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged event, and the server restarts on the folder by itself', async () => {
    const server = await startServer(env);
    const lock = join(dataDir, 'pglite', 'cti.lock');
    expect(readFileSync(lock, 'utf8')).toBe(String(server.pid));
    const load = startLoad(() => server.url, { concurrency: 4 });
    try {
      await eventually('deliveries acknowledged', () => load.count(200) >= 200);
      await server.kill();
    } finally {
      await load.stop();
    }
    expect(load.count('error')).toBeGreaterThan(0);
    // The dead process's lock is still there: nothing cleaned up after a SIGKILL.
    expect(existsSync(lock)).toBe(true);

    // A new server takes the stale lock over (its pid is gone) and recovers the database.
    const again = await startServer(env);
    try {
      expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
      expect((await deliverJwt(again.url, dialpadCall())).status).toBe(200);
    } finally {
      await again.stop();
    }

    const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
    try {
      expect(await missingFrom(keysIn(database.db), load.results)).toEqual([]);
    } finally {
      await database.close();
    }
  }, 240_000);
});
