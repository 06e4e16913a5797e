import { randomInt } from 'node:crypto';
import { formatPhone } from '../common/phone';

/**
 * The events one simulated inbound call produces, in the order Dialpad sends them, as plain data
 * (signing and sending are cli/simulate.ts's job). Times are virtual: `offsetMs` after the call starts.
 */

export interface CallScript {
  /** E.164 numbers: the caller, and the Dialpad number dialled. */
  from: string;
  to: string;
  /** Agents rung at once; each gets its own leg (call_id) sharing the entry point's id. */
  legs: number;
  missed: boolean;
  /** Seconds of ringing before the first agent answers. */
  answerAfterS: number;
  /** Seconds of talk before hanging up; with `missed`, seconds of ringing before the caller gives up. */
  hangupAfterS: number;
  /** Dialpad office of the number dialled, when the caller wants store resolution by office. */
  officeId?: string | undefined;
}

export interface ScriptedEvent {
  offsetMs: number;
  /** For the person watching: `ringing leg 2 (佐藤 花子)`. */
  label: string;
  payload: Record<string, unknown>;
}

export interface ScriptedCall {
  /** The id the server keys the call on (the entry point's call id). */
  callId: string;
  durationMs: number;
  events: ScriptedEvent[];
}

const AGENTS = ['山田 太郎', '佐藤 花子', '鈴木 一郎', '高橋 美咲', '田中 健', '伊藤 さくら'];

/** A fresh id in the range of Dialpad's (16 digits, exact as a JavaScript number), so reruns never look like redeliveries. */
function newCallId(): number {
  return 5_000_000_000_000_000 + randomInt(2 ** 47) * 8 + randomInt(8);
}

function agent(i: number): { id: number; name: string; email: string } {
  return { id: 456 + i, name: AGENTS[i % AGENTS.length] ?? `Agent ${i + 1}`, email: `agent${i + 1}@example.jp` };
}

/** The moments of the call, in ms after it starts. */
function timeline(script: CallScript): { answered: number | null; ended: number } {
  if (script.missed) return { answered: null, ended: Math.round(script.hangupAfterS * 1000) };
  const answered = Math.round(script.answerAfterS * 1000);
  return { answered, ended: answered + Math.round(script.hangupAfterS * 1000) };
}

/** From the first ring to the hangup, in ms. */
export function callLengthMs(script: CallScript): number {
  return timeline(script).ended;
}

/** Dialpad's format: one flat call object per leg and state, as shared/dialpad.md describes it. */
export function dialpadScript(script: CallScript, startMs: number): ScriptedCall {
  const entry = newCallId();
  const legIds = script.legs === 1 ? [entry] : Array.from({ length: script.legs }, () => newCallId());
  const { answered, ended } = timeline(script);
  const office = script.officeId;
  const events: ScriptedEvent[] = [];
  let seq = 0;

  const leg = (i: number, state: string, offsetMs: number, extra: Record<string, unknown> = {}): void => {
    const who = agent(i);
    seq += 1;
    events.push({
      offsetMs,
      label: `${state} leg ${i + 1} (${who.name})`,
      payload: {
        call_id: legIds[i],
        entry_point_call_id: entry,
        master_call_id: entry,
        state,
        direction: 'inbound',
        external_number: script.from,
        internal_number: script.to,
        date_started: startMs,
        date_rang: startMs + 120 + i * 15,
        // Distinct per event even at the same moment, as Dialpad's are; the server dedupes on it.
        event_timestamp: startMs + offsetMs + 150 + seq,
        target: { id: who.id, type: 'user', name: who.name, phone: script.to, email: who.email },
        entry_point_target: { ...(office ? { id: Number(office) } : {}), type: 'office', name: 'Simulated office', phone: script.to },
        contact: { id: `sim-${entry}`, type: 'local', name: formatPhone(script.from), phone: script.from, email: '' },
        ...(office ? { group_id: `Office:${office}` } : {}),
        is_transferred: false,
        was_recorded: false,
        labels: [],
        ...extra,
      },
    });
  };

  for (let i = 0; i < script.legs; i++) leg(i, 'ringing', 0);
  if (answered !== null) {
    const connected = startMs + answered;
    leg(0, 'connected', answered, { date_connected: connected });
    for (let i = 0; i < script.legs; i++) {
      // Only the leg that talked has date_connected and a duration: that is how the server tells them apart.
      const talk = i === 0 ? { date_connected: connected, duration: ended - answered } : {};
      leg(i, 'hangup', ended, { ...talk, date_ended: startMs + ended, total_duration: ended });
    }
  } else {
    for (let i = 0; i < script.legs; i++) leg(i, 'hangup', ended, { date_ended: startMs + ended, total_duration: ended });
    for (let i = 0; i < script.legs; i++) leg(i, 'missed', ended, { date_ended: startMs + ended, total_duration: ended });
  }
  return { callId: String(entry), durationMs: ended, events };
}

/** The setup guide's format: `{event_type, data}` envelopes, one call id for the whole call. */
export function guideScript(script: CallScript, startMs: number): ScriptedCall {
  const callId = String(newCallId());
  const { answered, ended } = timeline(script);
  const events: ScriptedEvent[] = [];
  const send = (eventType: string, i: number, offsetMs: number): void => {
    const who = agent(i);
    events.push({
      offsetMs,
      label: `${eventType} (${who.name})`,
      payload: {
        event_type: eventType,
        data: {
          call_id: callId,
          caller_number: script.from,
          callee_number: script.to,
          user_id: String(who.id),
          user_name: who.name,
          timestamp: new Date(startMs + offsetMs).toISOString(),
        },
      },
    });
  };
  for (let i = 0; i < script.legs; i++) send('call.ringing', i, 0);
  // The guide has no "missed" event: a call that ends without call.answered is the missed one.
  if (answered !== null) send('call.answered', 0, answered);
  send('call.ended', 0, ended);
  return { callId, durationMs: ended, events };
}
