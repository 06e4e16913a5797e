import type { FastifyBaseLogger } from 'fastify';
import type { CallState } from '../../common/calls';
import { maskPhone, toNational } from '../../common/phone';
import { presentCallback } from '../callbacks/presenter';
import { callbacksRepository } from '../callbacks/repository';
import { customersRepository } from '../customers/repository';
import type { Db, Executor } from '../db/client';
import type { CtiMetrics } from '../metrics/metrics';
import type { Audience, Realtime } from '../realtime/realtime';
import { storesRepository } from '../stores/repository';
import type { CallEvent } from './call-event';
import { type CallParties, partiesFrom, presentIncoming, presentUpdate } from './presenter';
import { type CallWithStore, callsRepository } from './repository';
import { applyEvent } from './state-machine';

export interface IngestDeps {
  db: Db;
  realtime: Realtime;
  log: FastifyBaseLogger;
  /** Broadcast time and call-backs opened; test calls leave it out so /metrics counts real calls only. */
  metrics?: Pick<CtiMetrics, 'broadcast' | 'callbackPublished'>;
}

export interface IngestResult {
  callId: string;
  /** The event had been delivered before and was dropped. */
  duplicate: boolean;
  state: CallState | null;
  /** This event made the call pop up. */
  announced: boolean;
}

type Applied = {
  call: CallWithStore;
  parties: CallParties | null;
  agentUserId: string | null;
  changed: boolean;
  announce: boolean;
  /** Call-back tasks this event opened, folded into or closed. */
  callbackIds: string[];
};

function agentOf(event: CallEvent): { id: string | null; name: string | null } {
  return event.target?.type === 'user' ? { id: event.target.id, name: event.target.name } : { id: null, name: null };
}

async function whoIsCalling(db: Executor, externalNumber: string | null): Promise<CallParties> {
  if (!externalNumber?.startsWith('+')) return { customer: null, candidates: [] };
  return partiesFrom(await customersRepository.findSummariesByPhone(db, externalNumber));
}

/** Creates the call row from its first event: which store was dialled, who is calling, who is rung. */
async function createCall(tx: Executor, event: CallEvent): Promise<CallParties> {
  const officeIds = [event.entryPoint, event.target]
    .filter((p) => p?.type === 'office' && p.id)
    .map((p) => p!.id!);
  const [store, parties] = await Promise.all([
    storesRepository.resolveForCall(tx, { dialledNational: toNational(event.internalNumber), officeIds }),
    whoIsCalling(tx, event.externalNumber),
  ]);
  const agent = agentOf(event);
  await callsRepository.insertCall(tx, {
    id: event.callId,
    provider: event.provider,
    direction: event.direction,
    state: 'ringing',
    externalNumber: event.externalNumber,
    internalNumber: event.internalNumber,
    storeId: store?.id ?? null,
    customerId: parties.customer?.id ?? null,
    agentDialpadId: agent.id,
    agentName: agent.name,
    isTest: event.isTest,
    startedAt: event.startedAt ?? event.occurredAt,
  });
  return parties;
}

async function apply(tx: Executor, event: CallEvent): Promise<Applied | null> {
  if (!(await callsRepository.insertEvent(tx, event))) return null;
  let call = await callsRepository.lockCall(tx, event.callId);
  let parties: CallParties | null = null;
  if (!call) {
    parties = await createCall(tx, event);
    // Another leg's first event may have created it at the same moment; either way, lock it now.
    call = (await callsRepository.lockCall(tx, event.callId))!;
  }
  const transition = await applyEvent(call, event, () => callsRepository.legFacts(tx, event.callId));
  const patch: Partial<CallWithStore> = {};
  if (transition.announce) patch.announced = true;
  if (transition.changed) {
    patch.state = transition.state;
    if (transition.state === 'answered') {
      const agent = agentOf(event);
      patch.answeredAt = event.connectedAt ?? event.occurredAt;
      patch.answeredByDialpadId = agent.id;
      patch.answeredByName = agent.name;
    } else {
      patch.endedAt = event.endedAt ?? event.occurredAt;
      patch.durationMs = event.durationMs ?? (call.answeredAt ? patch.endedAt.getTime() - call.answeredAt.getTime() : null);
      if (!call.answeredAt && event.connectedAt) {
        // The talking leg's hangup overtook its `connected`: it still says when and by whom it was answered.
        const agent = agentOf(event);
        patch.answeredAt = event.connectedAt;
        patch.answeredByDialpadId = call.answeredByDialpadId ?? agent.id;
        patch.answeredByName = call.answeredByName ?? agent.name;
      }
    }
  }
  if (Object.keys(patch).length > 0) await callsRepository.updateCall(tx, call.id, patch);
  call = { ...call, ...patch };

  const dialpadAgentId = transition.announce ? call.agentDialpadId : call.answeredByDialpadId;
  const agentUserId =
    (transition.announce || transition.changed) && dialpadAgentId
      ? await callsRepository.userIdForDialpadUser(tx, dialpadAgentId)
      : null;
  if (transition.announce && !parties) parties = await whoIsCalling(tx, call.externalNumber);
  const callbackIds = transition.changed ? await updateCallbacks(tx, call) : [];
  return { call, parties, agentUserId, changed: transition.changed, announce: transition.announce, callbackIds };
}

/**
 * An inbound call that ends unanswered becomes call-back work of its store (withheld numbers
 * cannot be called back); a later call that connects with that number, either way, closes it.
 */
async function updateCallbacks(tx: Executor, call: CallWithStore): Promise<string[]> {
  const phone = call.externalNumber;
  if (!phone || call.isTest) return [];
  switch (call.state) {
    case 'missed':
    case 'voicemail':
      if (call.direction !== 'inbound') return [];
      return [
        await callbacksRepository.recordUnanswered(tx, {
          callId: call.id,
          storeId: call.storeId,
          phone,
          customerId: call.customerId,
          reason: call.state,
          at: call.startedAt,
        }),
      ];
    case 'answered':
      return callbacksRepository.closeAnswered(tx, phone, call.id, call.startedAt);
    case 'ended':
      // A call first thought missed (its legs arrived out of order) and then found answered closes its task.
      return call.answeredAt ? callbacksRepository.closeAnswered(tx, phone, call.id, call.startedAt) : [];
    case 'ringing':
      return [];
  }
}

/**
 * The one way a call event enters the system (Dialpad, the guide's format, test calls): records it,
 * moves the call forward, and only after the commit tells the screens that should know.
 */
export async function ingestCallEvent(deps: IngestDeps, event: CallEvent): Promise<IngestResult> {
  const applied = await deps.db.transaction((tx) => apply(tx, event));
  const committedAt = performance.now();
  if (!applied) {
    deps.log.debug({ callId: event.callId, state: event.state }, 'duplicate call event dropped');
    return { callId: event.callId, duplicate: true, state: null, announced: false };
  }
  const { call, parties, agentUserId } = applied;
  // Outbound calls are kept for the history but never pop up.
  if (call.direction === 'inbound') {
    const audience: Audience = { storeCode: call.storeCode, userIds: agentUserId ? [agentUserId] : [] };
    if (applied.announce && parties) {
      deps.realtime.publish('incoming_call', presentIncoming(call, parties, agentUserId), audience);
      deps.metrics?.broadcast('incoming_call', committedAt);
      deps.log.info(
        { callId: call.id, store: call.storeCode, from: maskPhone(call.externalNumber), known: parties.customer !== null, test: call.isTest },
        'Incoming call',
      );
    }
    if (applied.changed) deps.realtime.publish('call_updated', presentUpdate(call, agentUserId), audience);
    if (applied.changed) deps.metrics?.broadcast('call_updated', committedAt);
  }
  for (const row of await callbacksRepository.findByIds(deps.db, applied.callbackIds)) {
    deps.realtime.publish('callback_updated', presentCallback(row), { storeCode: row.storeCode, userIds: [] });
    deps.metrics?.callbackPublished(row);
  }
  return { callId: call.id, duplicate: false, state: call.state, announced: applied.announce };
}
