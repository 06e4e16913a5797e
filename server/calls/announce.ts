import type { FastifyBaseLogger } from 'fastify';
import { maskPhone } from '../../common/phone';
import { presentCallback } from '../callbacks/presenter';
import { callbacksRepository } from '../callbacks/repository';
import type { Db } from '../db/client';
import type { CtiMetrics } from '../metrics/metrics';
import type { Audience, Realtime } from '../realtime/realtime';
import { type CallParties, presentIncoming, presentUpdate } from './presenter';
import type { CallWithStore } from './repository';

export interface AnnounceDeps {
  db: Db;
  realtime: Realtime;
  log: FastifyBaseLogger;
  /** Broadcast time and call-backs opened; test calls leave it out so /metrics counts real calls only. */
  metrics?: Pick<CtiMetrics, 'broadcast' | 'callbackPublished'>;
}

/** A committed change to a call, as far as the screens care. */
export interface CallChange {
  call: CallWithStore;
  /** Who is calling, when this change makes the call pop up. */
  incoming: CallParties | null;
  /** Our user the call rings (when it pops up) or who answered it: the `user:<id>` room to tell too. */
  agentUserId: string | null;
  /** Whether the call's state or customer changed. */
  changed: boolean;
  /** Whether its voicemail, recordings or transcription changed (the state did not have to). */
  mediaChanged?: boolean;
  /** Call-back tasks the change opened, folded into or closed. */
  callbackIds: string[];
}

/**
 * Tells whom it concerns what a committed change means: `incoming_call` when the call pops up,
 * `call_updated` when it changed (both to its store and the agent's user room; outbound calls are
 * kept for the history but never pop up), and `callback_updated` for each call-back task it touched.
 * Call it only after the commit, so no screen ever shows what a rollback removed.
 */
export async function announce(deps: AnnounceDeps, change: CallChange, committedAt: number): Promise<void> {
  const { call, incoming, agentUserId } = change;
  if (call.direction === 'inbound') {
    // Those `can(user, 'calls:read', callScope(call))` lets see it: admins, the store's staff, the Dialpad user rung or who answered.
    const audience: Audience = { storeCode: call.storeCode, userIds: agentUserId ? [agentUserId] : [] };
    if (incoming) {
      deps.realtime.publish('incoming_call', presentIncoming(call, incoming, agentUserId), audience);
      deps.metrics?.broadcast('incoming_call', committedAt);
      deps.log.info(
        { callId: call.id, store: call.storeCode, from: maskPhone(call.externalNumber), known: incoming.customer !== null, test: call.isTest },
        'Incoming call',
      );
    }
    // A blocked call that never popped stays off every screen; one that popped is told it ended.
    if ((change.changed || change.mediaChanged === true) && (call.state !== 'blocked' || call.announced)) {
      deps.realtime.publish('call_updated', presentUpdate(call, agentUserId), audience);
      deps.metrics?.broadcast('call_updated', committedAt);
    }
  }
  for (const row of await callbacksRepository.findByIds(deps.db, change.callbackIds)) {
    deps.realtime.publish('callback_updated', presentCallback(row), { storeCode: row.storeCode, userIds: [] });
    deps.metrics?.callbackPublished(row);
  }
}
