import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingCallPayload } from '../../common/calls';
import { type ClientSocket, collectEvents, startTestApp, type TestApp, waitUntil } from '../../test/support/app';
import { dialpadCall, deliverJwt } from '../../test/support/dialpad';
import { buildStore } from '../../test/support/factories';
import { callEvents, calls } from '../db/schema';
import { normalizeDialpadPayload } from '../dialpad/normalize';
import { WEBHOOK_MAX_EVENT_LOOP_DELAY_MS, WEBHOOK_MIN_BACKLOG } from '../dialpad/webhook-routes';
import { createCommitQueue, MAX_BATCH } from './commit-queue';

/** The calls and events the database holds for these call ids: id → number of rows. */
async function stored(t: TestApp, callIds: string[]): Promise<{ calls: Record<string, number>; events: Record<string, number> }> {
  const count = (rows: { callId: string }[]) => {
    const out: Record<string, number> = {};
    for (const { callId } of rows) out[callId] = (out[callId] ?? 0) + 1;
    return out;
  };
  return {
    calls: count(await t.db.select({ callId: calls.id }).from(calls).where(inArray(calls.id, callIds))),
    events: count(await t.db.select({ callId: callEvents.callId }).from(callEvents).where(inArray(callEvents.callId, callIds))),
  };
}

const once = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, 1]));

/** A queue of one worker on the test app's database, its group sizes pushed to `batches`. */
function queueOn(t: TestApp, options: { batches?: number[]; inThread?: boolean } = {}) {
  return createCommitQueue({
    db: t.db,
    realtime: t.app.realtime,
    directory: t.app.directory,
    log: t.app.log,
    metrics: { ingestBatch: (events) => options.batches?.push(events), ingestShed: () => undefined },
    workers: 1,
    inThread: options.inThread,
  });
}

describe('group commit', () => {
  let t: TestApp;
  let admin: ClientSocket;

  beforeAll(async () => {
    t = await startTestApp();
    await buildStore(t.db, { code: 'gc', name: '本店', prefixes: ['0501748'] });
    admin = await t.socket((await t.signIn({ role: 'admin' })).token);
  });
  afterAll(() => t.close());

  it('commits events that arrive together in one transaction, acknowledges each after its commit, and a bad one fails alone', async () => {
    const batches: number[] = [];
    const queue = queueOn(t, { batches });
    const events = Array.from({ length: 6 }, () => normalizeDialpadPayload(dialpadCall(), new Date()));
    // One the database refuses (jsonb has no \u0000; the webhook cleans it, this event is built by hand).
    events[3] = { ...events[3]!, raw: { note: 'refused \u0000' } };
    // And a redelivery of another, in the same group.
    events[5] = events[4]!;
    const popups = collectEvents(admin, 'incoming_call');

    const outcomes = await Promise.allSettled(
      events.map(async (event) => {
        const result = await queue.submit(event, { log: t.app.log });
        // Acknowledged only once its commit is done: the call is there to read.
        const { calls: rows } = await stored(t, [event.callId]);
        return { ...result, storedWhenAcknowledged: rows[event.callId] === 1 };
      }),
    );

    // The first found the worker free and went alone; the five that came meanwhile shared one transaction.
    expect(batches).toEqual([1, 5]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const results = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null));
    expect(results.map((r) => r && { duplicate: r.duplicate, announced: r.announced, storedWhenAcknowledged: r.storedWhenAcknowledged })).toEqual([
      { duplicate: false, announced: true, storedWhenAcknowledged: true },
      { duplicate: false, announced: true, storedWhenAcknowledged: true },
      { duplicate: false, announced: true, storedWhenAcknowledged: true },
      null,
      { duplicate: false, announced: true, storedWhenAcknowledged: true },
      { duplicate: true, announced: false, storedWhenAcknowledged: true },
    ]);

    const good = [0, 1, 2, 4].map((i) => events[i]!.callId);
    const all = events.map((e) => e.callId);
    expect(await stored(t, all)).toEqual({ calls: once(good), events: once(good) });
    await waitUntil(() => good.every((id) => popups.some((p) => p.callId === id)));
    expect(popups.filter((p) => all.includes(p.callId)).map((p) => p.callId).sort()).toEqual([...good].sort());
    await queue.idle();
  });

  it('with the database on this thread (PGlite), what arrives in the same turn of the loop shares the first commit', async () => {
    const batches: number[] = [];
    const queue = queueOn(t, { batches, inThread: true });
    const events = Array.from({ length: 5 }, () => normalizeDialpadPayload(dialpadCall(), new Date()));
    const results = await Promise.all(events.map((event) => queue.submit(event, { log: t.app.log })));

    expect(batches).toEqual([5]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false, false, false, false]);
    const ids = events.map((e) => e.callId);
    expect(await stored(t, ids)).toEqual({ calls: once(ids), events: once(ids) });
    await queue.idle();
  });
});

describe('overload', () => {
  let t: TestApp;
  let popups: IncomingCallPayload[];

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_COMMIT_BUDGET_MS: '100' });
    await buildStore(t.db, { code: 'busy', name: '繁忙店', prefixes: ['0501748'] });
    popups = collectEvents(await t.socket((await t.signIn({ role: 'admin' })).token), 'incoming_call');
  });
  afterAll(() => t.close());

  /** Holds call_events (PostgreSQL) or the one connection (PGlite) until released: nothing can commit an event. */
  async function holdDatabase(on: TestApp = t): Promise<() => Promise<void>> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const transaction = on.db.transaction(async (tx) => {
      await tx.execute(sql`LOCK TABLE call_events IN EXCLUSIVE MODE`);
      held();
      await released;
    });
    await holding;
    return async () => {
      release();
      await transaction;
    };
  }

  it('answers 503 overloaded while it cannot commit, with Retry-After, and every redelivery after is stored exactly once', async () => {
    const deliveries = Array.from({ length: 10 }, () => dialpadCall());
    const ids = deliveries.map((d) => String(d.call_id));
    const release = await holdDatabase();
    let answered: Response[];
    try {
      answered = await Promise.all(deliveries.map((claims) => deliverJwt(t.url, claims)));
    } finally {
      // Released only after every answer came back: none of them waited for the database.
      await release();
    }
    expect(answered.map((r) => r.status)).toEqual(ids.map(() => 503));
    expect(answered.map((r) => r.headers.get('retry-after'))).toEqual(ids.map(() => '1'));
    expect(((await answered[0]!.json()) as { error: string }).error).toBe('overloaded');

    await t.app.ingest.idle();
    // Dialpad delivers each again: those whose commit went on are duplicates now, the rest are stored.
    const retried = await Promise.all(deliveries.map((claims) => deliverJwt(t.url, claims)));
    expect(retried.map((r) => r.status)).toEqual(ids.map(() => 200));
    expect(await stored(t, ids)).toEqual({ calls: once(ids), events: once(ids) });
    await waitUntil(() => ids.every((id) => popups.some((p) => p.callId === id)));
    expect(popups.filter((p) => ids.includes(p.callId)).map((p) => p.callId).sort()).toEqual([...ids].sort());

    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/^cti_webhook_shed_total 10$/m);
    expect(metrics).toMatch(/^cti_ingest_queue_depth 0$/m);
  });

  it('answers 503 at once when the queue is longer than its pace can commit within the budget, and queues what can wait', async () => {
    const queue = queueOn(t);
    const event = () => normalizeDialpadPayload(dialpadCall(), new Date());
    // One commit gives the queue its pace.
    await queue.submit(event(), { log: t.app.log });
    const release = await holdDatabase();
    // A full group waiting behind one that cannot commit.
    const queued = Array.from({ length: 1 + MAX_BATCH }, () => event());
    const pending = queued.map((e) => queue.submit(e, { log: t.app.log }));
    expect(queue.depth()).toBe(MAX_BATCH);

    const hurried = queue.submit(event(), { log: t.app.log, budgetMs: 1 });
    // Refused before it was queued: no timer had to run out.
    expect(queue.depth()).toBe(MAX_BATCH);
    const patient = event();
    const waits = queue.submit(patient, { log: t.app.log, budgetMs: 600_000 });
    expect(queue.depth()).toBe(MAX_BATCH + 1);
    await expect(hurried).rejects.toMatchObject({ code: 'overloaded' });

    await release();
    const results = await Promise.all([...pending, waits]);
    expect(results.map((r) => r.duplicate)).toEqual([...queued, patient].map(() => false));
    const ids = [...queued, patient].map((e) => e.callId);
    expect(await stored(t, ids)).toEqual({ calls: once(ids), events: once(ids) });
  });

  it('answers 503 overloaded before reading the event while the event loop lags behind a backlog, and takes it again after', async () => {
    const patient = await startTestApp({ WEBHOOK_COMMIT_BUDGET_MS: '4000' });
    try {
      // A backlog: deliveries the node holds, waiting for the database.
      const release = await holdDatabase(patient);
      const backlog = Array.from({ length: WEBHOOK_MIN_BACKLOG }, () => dialpadCall());
      const held = backlog.map((claims) => deliverJwt(patient.url, claims));
      await waitUntil(() => patient.app.ingest.depth() + 4 >= WEBHOOK_MIN_BACKLOG);
      // And the node's one thread busy (a burst on PGlite), with one more delivery arriving behind that work.
      const until = Date.now() + 4 * WEBHOOK_MAX_EVENT_LOOP_DELAY_MS;
      while (Date.now() < until);
      const call = dialpadCall();
      const refused = await deliverJwt(patient.url, call);
      await release();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(((await refused.json()) as { error: string }).error).toBe('overloaded');
      const heldAnswers = await Promise.all(held);
      expect(heldAnswers.map((r) => r.status)).toEqual(backlog.map(() => 200));

      // Dialpad's retry, with the backlog gone.
      expect((await deliverJwt(patient.url, call)).status).toBe(200);
      const ids = [...backlog, call].map((c) => String(c.call_id));
      expect(await stored(patient, ids)).toEqual({ calls: once(ids), events: once(ids) });
    } finally {
      await patient.close();
    }
  });
});
