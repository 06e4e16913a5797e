import type { CallState, CustomerSummary } from '../../common/calls';
import { isOpenAt } from '../../common/business-hours';
import { toNational } from '../../common/phone';
import { attemptsRepository } from '../callbacks/attempts-repository';
import { callbacksRepository } from '../callbacks/repository';
import { customersRepository } from '../customers/repository';
import type { Executor } from '../db/client';
import { type AnnounceDeps, announce, type CallChange } from './announce';
import { agentOf, type CallEvent } from './call-event';
import type { Directory } from './directory';
import { createWithFirstEvent, type FreshCall, recordEvent } from './ingest-sql';
import { parseCustomData } from './outbound-custom-data';
import { mediaPatch } from './recordings';
import { recordingsRepository } from './recordings-repository';
import { type CallParties, partiesFrom } from './presenter';
import { type CallRow, type CallWithStore, callsRepository, TERMINAL_EVENT_STATES } from './repository';
import { applyEvent, type LegFacts, type Transition } from './state-machine';

export interface IngestDeps extends AnnounceDeps {
  /** Stores and users as this node holds them (server/calls/directory.ts). */
  directory: Directory;
}

export interface IngestResult {
  callId: string;
  /** The event had been delivered before and was dropped. */
  duplicate: boolean;
  state: CallState | null;
  /** This event made the call pop up. */
  announced: boolean;
}

/** Who holds each calling number, looked up for a group of events before its transaction. */
type Callers = Map<string, CustomerSummary[]>;

/** Only a ringing event is likely to be a call's first: the others find their call and need no lookup. */
function mayCreate(event: CallEvent): boolean {
  return event.kind === 'ringing' && event.externalNumber?.startsWith('+') === true;
}

/** One indexed query for the callers of every event of a group that may create its call; it runs outside the transaction. */
function lookUpCallers(db: Executor, events: CallEvent[]): Promise<Callers> {
  const phones = [...new Set(events.filter(mayCreate).map((e) => e.externalNumber!))];
  return customersRepository.findSummariesByPhones(db, phones);
}

async function whoIsCalling(db: Executor, externalNumber: string | null): Promise<CallParties> {
  if (!externalNumber?.startsWith('+')) return { customer: null, candidates: [] };
  return partiesFrom(await customersRepository.findSummariesByPhone(db, externalNumber));
}

/** The legs seen so far when this event is the call's only one. */
function onlyLeg(event: CallEvent): LegFacts {
  return { allLegsEnded: TERMINAL_EVENT_STATES.includes(event.state), anyLegConnected: event.state === 'connected' };
}

/** The call this event would create from the callers looked up for its group, if it may create one. */
async function draftFromCallers(directory: Directory, event: CallEvent, callers: Callers): Promise<Draft | null> {
  const holders = mayCreate(event) ? callers.get(event.externalNumber!) : undefined;
  return holders ? draftCall(directory, event, partiesFrom(holders), async () => onlyLeg(event)) : null;
}

/** A new call as its first event leaves it: the store dialled, who is calling, the event applied in memory. */
async function draftCall(directory: Directory, event: CallEvent, parties: CallParties, legs: () => Promise<LegFacts>) {
  const officeIds = [event.entryPoint, event.target].filter((p) => p?.type === 'office' && p.id).map((p) => p!.id!);
  const store = directory.storeFor(toNational(event.internalNumber), officeIds);
  const agent = agentOf(event);
  const startedAt = event.startedAt ?? event.occurredAt;
  const fresh: FreshCall = {
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
    answeredByDialpadId: null,
    answeredByName: null,
    isTest: event.isTest,
    startedAt,
    answeredAt: null,
    endedAt: null,
    durationMs: null,
    customData: event.customData ?? null,
    announced: false,
    // Decided once, from the store's hours now: later changes to them move no call.
    afterHours: event.direction === 'inbound' && store !== null && !isOpenAt(store.hours, startedAt),
    // A voicemail or recording that overtook the call's first events creates it with its links.
    voicemailUrl: event.media?.voicemailUrl ?? null,
    recordings: event.media?.recordings ?? [],
    transcription: event.media?.transcription ?? null,
  };
  const transition = await applyEvent(fresh, event, legs);
  return { fresh: { ...fresh, ...transition.patch }, transition, store, parties };
}
type Draft = Awaited<ReturnType<typeof draftCall>>;

function created(row: CallRow, draft: Draft): CallWithStore {
  return { ...row, storeCode: draft.store?.code ?? null, storeName: draft.store?.name ?? null, customer: draft.parties.customer, purpose: null };
}

/**
 * A call's first event the slow way (it was not a ringing one, or the directory had just changed):
 * undefined when another leg's first event created the call at the same moment.
 */
async function createCall(tx: Executor, deps: IngestDeps, event: CallEvent): Promise<CallChange | undefined> {
  const draft = await draftCall(deps.directory, event, await whoIsCalling(tx, event.externalNumber), () => callsRepository.legFacts(tx, event.callId));
  const row = await callsRepository.insertCall(tx, draft.fresh);
  return row && finish(tx, deps, created(row, draft), draft.transition, draft.parties, event);
}

/** Applies an event to a call that exists (its row locked by this transaction). */
async function advance(tx: Executor, deps: IngestDeps, locked: CallWithStore, event: CallEvent): Promise<CallChange> {
  const transition = await applyEvent(locked, event, () => callsRepository.legFacts(tx, event.callId));
  // custom_data is kept as the first event carrying it sent it (Dialpad echoes the same on every event).
  const base = event.customData && locked.customData === null ? { ...transition.patch, customData: event.customData } : transition.patch;
  // Voicemail, recordings and transcription are facts: they change the call's links, never its state.
  const media = mediaPatch(locked, event.media);
  const patch = media ? { ...base, ...media } : base;
  if (Object.keys(patch).length > 0) await callsRepository.updateCall(tx, locked.id, patch);
  const call = { ...locked, ...patch };
  const change = await finish(tx, deps, call, transition, transition.announce ? await whoIsCalling(tx, call.externalNumber) : null, event);
  if (!media) return change;
  // The open call-back task of this call shows 留守電あり: tell its screens too.
  const tasks = await recordingsRepository.openCallbackIdsForCall(tx, call.id);
  return { ...change, mediaChanged: true, callbackIds: [...new Set([...change.callbackIds, ...tasks])] };
}

/** What every applied event still needs: the rung user's account, and the call-back work it changes. */
async function finish(tx: Executor, deps: IngestDeps, call: CallWithStore, transition: Transition, parties: CallParties | null, event: CallEvent): Promise<CallChange> {
  const dialpadAgentId = transition.announce ? call.agentDialpadId : call.answeredByDialpadId;
  const agentUserId = (transition.announce || transition.changed) && dialpadAgentId ? deps.directory.userIdForDialpadUser(dialpadAgentId) : null;
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

/**
 * Records the event and moves its call, in one statement for the common cases (server/calls/ingest-sql.ts):
 * a call's first ringing creates it there; any later event finds it there, locked. null: a redelivery.
 */
async function apply(tx: Executor, deps: IngestDeps, event: CallEvent, callers: Callers): Promise<CallChange | null> {
  const { directory } = deps;
  await directory.ensure(tx);
  // Taken before the draft: the statement inserts it only if the database is still at the generation it was drafted from.
  const { generation } = directory;
  const draft = await draftFromCallers(directory, event, callers);
  const recorded = await recordEvent(tx, event, draft?.fresh ?? null, generation);
  if (!recorded.recorded) return null;
  // A store or user changed since the directory was loaded: reload before deciding anything with it.
  await directory.ensure(tx, recorded.generation);
  if (recorded.created && draft) return finish(tx, deps, created(recorded.created, draft), draft.transition, draft.parties, event);
  if (recorded.locked) return advance(tx, deps, recorded.locked, event);
  // No call yet (or another leg's first event was creating it as this statement ran): create it, or
  // lock the one that transaction committed meanwhile and apply the event to it.
  const locked = await callsRepository.lockCall(tx, event.callId);
  if (locked) return advance(tx, deps, locked, event);
  return (await createCall(tx, deps, event)) ?? advance(tx, deps, (await callsRepository.lockCall(tx, event.callId))!, event);
}

/**
 * A call's first ringing committed on its own (an idle server): one statement, one round trip and no
 * transaction, as nothing else is written for it; the statement also looks up who is calling.
 * Null, having written nothing: the transactional way.
 */
async function createAlone(deps: IngestDeps, event: CallEvent): Promise<CallChange | null> {
  // A call we placed for a task records its attempt in the same transaction.
  if (!mayCreate(event) || event.customData) return null;
  const { directory } = deps;
  await directory.ensure(deps.db);
  const { generation } = directory;
  // Who is calling is not known yet, and nothing in the draft but its customer depends on it.
  const draft = await draftCall(directory, event, partiesFrom([]), async () => onlyLeg(event));
  // A ringing never changes a new call's state; one that did would have call-back work to write.
  if (draft.transition.changed) return null;
  const inserted = await createWithFirstEvent(deps.db, event, draft.fresh, generation);
  if (!inserted) return null;
  const parties = partiesFrom(inserted.holders);
  return finish(deps.db, deps, created(inserted.call, { ...draft, parties }), draft.transition, parties, event);
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

/** Tells the screens, once committed, what an event changed. */
async function settle(deps: IngestDeps, event: CallEvent, change: CallChange | null, committedAt: number): Promise<IngestResult> {
  if (!change) {
    deps.log.debug({ callId: event.callId, state: event.state }, 'duplicate call event dropped');
    return { callId: event.callId, duplicate: true, state: null, announced: false };
  }
  await announce(deps, change, committedAt);
  return { callId: change.call.id, duplicate: false, state: change.call.state, announced: change.incoming !== null };
}

/** The events of a group in one transaction, with one lookup of their callers before it. */
async function applyTogether(db: Executor, items: { event: CallEvent; deps: IngestDeps }[]): Promise<(CallChange | null)[]> {
  const callers = await lookUpCallers(db, items.map((i) => i.event));
  return db.transaction(async (tx) => {
    const out: (CallChange | null)[] = [];
    for (const { event, deps } of items) out.push(await apply(tx, deps, event, callers));
    return out;
  });
}

/**
 * Call events arriving together (server/calls/commit-queue.ts), in one transaction and one commit:
 * each event's screens are told only after it. Throws, having committed nothing, when any event fails.
 */
export async function ingestBatch(shared: Pick<IngestDeps, 'db' | 'directory'>, items: { event: CallEvent; deps: IngestDeps }[]): Promise<IngestResult[]> {
  const alone = items.length === 1 ? await createAlone(items[0]!.deps, items[0]!.event) : null;
  const changes = alone ? [alone] : await applyTogether(shared.db, items);
  const committedAt = performance.now();
  return Promise.all(items.map(({ event, deps }, i) => settle(deps, event, changes[i]!, committedAt)));
}

/**
 * The one way a call event enters the system (Dialpad, the guide's format, test calls): records it,
 * moves the call forward, and only after the commit tells the screens that should know. The
 * webhook goes through the commit queue, which groups these.
 */
export async function ingestCallEvent(deps: IngestDeps, event: CallEvent): Promise<IngestResult> {
  const [result] = await ingestBatch(deps, [{ event, deps }]);
  return result!;
}
