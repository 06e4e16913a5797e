import type { CallMedia } from './recordings';

/** What a call event means for the call, whatever the provider called it. */
export type CallEventKind = 'ringing' | 'answered' | 'hangup' | 'missed' | 'voicemail' | 'blocked' | 'other';

export interface PartyRef {
  id: string | null;
  type: string | null;
  name: string | null;
}

/** One provider-neutral call event, as normalized from a Dialpad call object or the guide's envelope. */
export interface CallEvent {
  provider: 'dialpad' | 'guide' | 'test';
  /** The key of the whole call, shared by all its legs (entry point or master call id). */
  callId: string;
  /** This leg's own id (equal to callId for a single-leg call). */
  legId: string;
  /** The provider's state as sent (`ringing`, `connected`, `hangup`, `recording`, ...). */
  state: string;
  kind: CallEventKind;
  direction: 'inbound' | 'outbound';
  /** The customer's number, E.164 when it parses, else as sent; null when withheld. */
  externalNumber: string | null;
  /** Our number that was dialled (inbound), E.164 when it parses. */
  internalNumber: string | null;
  /** When this event happened (event_timestamp, else the newest date_* field, else now). */
  occurredAt: Date;
  startedAt: Date | null;
  connectedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  /** Who this leg rings: a Dialpad user, office, department or call center. */
  target: PartyRef | null;
  /** The office or number first dialled; may identify the store. */
  entryPoint: PartyRef | null;
  isTest: boolean;
  /** Dialpad's `custom_data` (ours names a call-back attempt: server/calls/outbound-custom-data.ts); absent: none sent. */
  customData?: string | null;
  /** Voicemail, recording links and transcription this event carries (server/calls/recordings.ts); absent: none. */
  media?: CallMedia;
  /** Same for every redelivery of this event, different for every other event. */
  dedupeKey: string;
  /** The claims as received, kept verbatim in call_events. */
  raw: Record<string, unknown>;
}

/** The Dialpad user this leg rings, when it rings a user (not an office or a department). */
export function agentOf(event: CallEvent): { id: string | null; name: string | null } {
  return event.target?.type === 'user' ? { id: event.target.id, name: event.target.name } : { id: null, name: null };
}
