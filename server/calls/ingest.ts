import type { CallState } from '../../common/calls';
import { isOpenAt } from '../../common/business-hours';
import { toNational } from '../../common/phone';
import { attemptsRepository } from '../callbacks/attempts-repository';
import { callbacksRepository } from '../callbacks/repository';
import { customersRepository } from '../customers/repository';
import type { Executor } from '../db/client';
import { storesRepository } from '../stores/repository';
import { type AnnounceDeps, announce, type CallChange } from './announce';
import { agentOf, type CallEvent } from './call-event';
import { parseCustomData } from './outbound-custom-data';
import { mediaPatch } from './recordings';
import { recordingsRepository } from './recordings-repository';
import { type CallParties, partiesFrom } from './presenter';
import { type CallWithStore, callsRepository } from './repository';
import { applyEvent, type Transition } from './state-machine';

export type IngestDeps = AnnounceDeps;

export interface IngestResult {
  callId: string;
  /** The event had been delivered before and was dropped. */
  duplicate: boolean;
  state: CallState | null;
  /** This event made the call pop up. */
  announced: boolean;
}

async function whoIsCalling(db: Executor, externalNumber: string | null): Promise<CallParties> {
  if (!externalNumber?.startsWith('+')) return { customer: null, candidates: [] };
  return partiesFrom(await customersRepository.findSummariesByPhone(db, externalNumber));
}

/**
 * A call's first event: resolves the store dialled and who is calling, applies the event to the
 * new call in memory and inserts the row as it ends up (one statement; the insert holds its lock).
 * Undefined when another leg's first event created the call at the same moment.
 */
async function createCall(tx: Executor, event: CallEvent): Promise<CallChange | undefined> {
  const officeIds = [event.entryPoint, event.target]
    .filter((p) => p?.type === 'office' && p.id)
    .map((p) => p!.id!);
  const [store, parties] = await Promise.all([
    storesRepository.resolveForCall(tx, { dialledNational: toNational(event.internalNumber), officeIds }),
    whoIsCalling(tx, event.externalNumber),
  ]);
  const agent = agentOf(event);
  const fresh = {
    id: event.callId,
    provider: event.provider,
    direction: event.direction,
    state: 'ringing' as const,
    externalNumber: event.externalNumber,
    internalNumber: event.internalNumber,
    storeId: store?.id ?? null,
    customerId: parties.customer?.id ?? null,
    agentDialpadId: agent.id,
    agentName: agent.name,
    answeredByDialpadId: null,
    answeredByName: null,
    isTest: event.isTest,
    startedAt: event.startedAt ?? event.occurredAt,
    answeredAt: null,
    endedAt: null,
    durationMs: null,
    customData: event.customData ?? null,
    announced: false,
    // Decided once, from the hours read with the store above: later changes to them move no call.
    afterHours: event.direction === 'inbound' && store !== null && !isOpenAt(store.hours, event.startedAt ?? event.occurredAt),
    // A voicemail or recording that overtook the call's first events creates it with its links.
    voicemailUrl: event.media?.voicemailUrl ?? null,
    recordings: event.media?.recordings ?? [],
    transcription: event.media?.transcription ?? null,
  };
  const transition = await applyEvent(fresh, event, () => callsRepository.legFacts(tx, event.callId));
  const row = await callsRepository.insertCall(tx, { ...fresh, ...transition.patch });
  if (!row) return undefined;
  const call: CallWithStore = { ...row, storeCode: store?.code ?? null, storeName: store?.name ?? null, customer: parties.customer, purpose: null };
  return finish(tx, call, transition, parties, event);
}

/** Applies an event to a call that exists (its row locked by this transaction). */
async function advance(tx: Executor, locked: CallWithStore, event: CallEvent): Promise<CallChange> {
  const transition = await applyEvent(locked, event, () => callsRepository.legFacts(tx, event.callId));
  // custom_data is kept as the first event carrying it sent it (Dialpad echoes the same on every event).
  const base = event.customData && locked.customData === null ? { ...transition.patch, customData: event.customData } : transition.patch;
  // Voicemail, recordings and transcription are facts: they change the call's links, never its state.
  const media = mediaPatch(locked, event.media);
  const patch = media ? { ...base, ...media } : base;
  if (Object.keys(patch).length > 0) await callsRepository.updateCall(tx, locked.id, patch);
  const call = { ...locked, ...patch };
  const change = await finish(tx, call, transition, transition.announce ? await whoIsCalling(tx, call.externalNumber) : null, event);
  if (!media) return change;
  // The open call-back task of this call shows 留守電あり: tell its screens too.
  const tasks = await recordingsRepository.openCallbackIdsForCall(tx, call.id);
  return { ...change, mediaChanged: true, callbackIds: [...new Set([...change.callbackIds, ...tasks])] };
}

/** What every applied event still needs: the rung user's account, and the call-back work it changes. */
async function finish(tx: Executor, call: CallWithStore, transition: Transition, parties: CallParties | null, event: CallEvent): Promise<CallChange> {
  const dialpadAgentId = transition.announce ? call.agentDialpadId : call.answeredByDialpadId;
  const agentUserId =
    (transition.announce || transition.changed) && dialpadAgentId
      ? await callsRepository.userIdForDialpadUser(tx, dialpadAgentId)
      : null;
  // A call placed for a task records its attempt first, so a connected one closes the task as `reached`.
  const attempted = call.customData ? await updateAttempt(tx, call, event) : [];
  const closed = transition.changed ? await updateCallbacks(tx, call) : [];
  const callbackIds = [...new Set([...attempted, ...closed])];
  return { call, incoming: transition.announce ? parties : null, agentUserId, changed: transition.changed, callbackIds };
}

/** The attempt a call of ours was placed for: answered (the task closes), or ended unanswered (it stays open). */
async function updateAttempt(tx: Executor, call: CallWithStore, event: CallEvent): Promise<string[]> {
  const ours = parseCustomData(call.customData);
  if (!ours?.callbackId || !ours.attemptId) return [];
  const ending = event.kind === 'hangup' || event.kind === 'missed' || event.kind === 'voicemail';
  const answered = event.kind === 'answered' || (ending && event.kind !== 'voicemail' && (event.connectedAt !== null || call.answeredAt !== null));
  const id = await attemptsRepository.recordEvent(
    tx,
    { callbackId: ours.callbackId, attemptId: ours.attemptId },
    {
      callId: call.id,
      at: event.occurredAt,
      answered,
      ended: ending,
      answeredAt: event.connectedAt ?? call.answeredAt,
      durationMs: event.durationMs ?? (call.answeredAt && ending ? (event.endedAt ?? event.occurredAt).getTime() - call.answeredAt.getTime() : null),
    },
  );
  return id ? [id] : [];
}

async function apply(tx: Executor, event: CallEvent): Promise<CallChange | null> {
  if (!(await callsRepository.insertEventOnce(tx, event))) return null;
  const locked = await callsRepository.lockCall(tx, event.callId);
  if (locked) return advance(tx, locked, event);
  // No call yet: create it. When another leg's first event created it meanwhile, the insert waited
  // for that transaction to commit, so the row can now be locked and the event applied to it.
  return (await createCall(tx, event)) ?? advance(tx, (await callsRepository.lockCall(tx, event.callId))!, event);
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
          kind: call.afterHours ? 'after_hours' : 'during_hours',
        }),
      ];
    case 'answered':
      return callbacksRepository.closeAnswered(tx, phone, call.id, call.startedAt);
    case 'ended':
      // A call first thought missed (its legs arrived out of order) and then found answered closes its task.
      return call.answeredAt ? callbacksRepository.closeAnswered(tx, phone, call.id, call.startedAt) : [];
    case 'ringing':
    case 'blocked':
      // A blocked caller is turned away on purpose: nobody is to call them back.
      return [];
  }
}

/**
 * The one way a call event enters the system (Dialpad, the guide's format, test calls): records it,
 * moves the call forward, and only after the commit tells the screens that should know.
 */
export async function ingestCallEvent(deps: IngestDeps, event: CallEvent): Promise<IngestResult> {
  const change = await deps.db.transaction((tx) => apply(tx, event));
  const committedAt = performance.now();
  if (!change) {
    deps.log.debug({ callId: event.callId, state: event.state }, 'duplicate call event dropped');
    return { callId: event.callId, duplicate: true, state: null, announced: false };
  }
  await announce(deps, change, committedAt);
  return { callId: change.call.id, duplicate: false, state: change.call.state, announced: change.incoming !== null };
}
