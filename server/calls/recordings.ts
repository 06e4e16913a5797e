import type { CallRecording } from '../../common/calls';

/**
 * Voicemail, recordings and transcription as a Dialpad call event carries them (shared/dialpad.md,
 * "Recordings and voicemail on call events"): read from the sender's object, bounded, and merged
 * into the call. Links reach staff's screens as <a href>, so only https URLs are kept: anything else
 * (javascript:, data:, http:) is dropped, never shown.
 */

type Obj = Record<string, unknown>;

export const MAX_URL = 2048;
export const MAX_RECORDINGS = 20;
export const MAX_TRANSCRIPTION = 20_000;
const MAX_ID = 100;
const MAX_TYPE = 100;
/** No recording lasts a month; a longer duration is garbage. */
const MAX_DURATION_MS = 30 * 24 * 3600 * 1000;
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** What one event says about the call's media; absent fields say nothing (they never clear what is stored). */
export interface CallMedia {
  voicemailUrl: string | null;
  recordings: CallRecording[];
  transcription: string | null;
}

/** The call states that carry media and nothing about the call's progress: they update the call's facts only. */
export const MEDIA_STATES: ReadonlySet<string> = new Set(['voicemail_uploaded', 'recording', 'call_transcription']);

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clean(value: string, max: number): string | null {
  const text = value
    .slice(0, max * 2)
    .replace(/\p{Cc}/gu, ' ')
    .replace(/[\uD800-\uDFFF]/gu, '\uFFFD')
    .trim();
  if (text === '') return null;
  return text.length <= max ? text : text.slice(0, max).trimEnd();
}

function text(value: unknown, max: number): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' ? clean(value, max) : null;
}

/** An https URL of at most 2,048 characters, as the WHATWG parser reads it; null for anything else. */
export function safeUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const raw = value.trim();
  if (raw === '' || raw.length > MAX_URL || /[\p{Cc}\s]/u.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '') return null;
  return url.href.length <= MAX_URL ? url.href : null;
}

function number(value: unknown): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d{1,16}(?:\.\d+)?\s*$/.test(value)) n = Number(value);
  else return null;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Dialpad's epoch milliseconds, or an ISO 8601 string; garbage (before 2001, after 9999) is null. */
function time(value: unknown): string | null {
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[T ]/.test(value.trim()) ? Date.parse(value.trim()) : number(value);
  return ms !== null && !Number.isNaN(ms) && ms >= 1e12 && ms <= MAX_EPOCH_MS ? new Date(Math.trunc(ms)).toISOString() : null;
}

function recordingFrom(value: unknown): CallRecording | null {
  if (!isObj(value)) return null;
  const url = safeUrl(value.url);
  if (url === null) return null;
  const duration = number(value.duration);
  return {
    id: text(value.id, MAX_ID),
    type: text(value.recording_type, MAX_TYPE)?.toLowerCase() ?? null,
    url,
    durationMs: duration !== null && duration <= MAX_DURATION_MS ? Math.round(duration) : null,
    startedAt: time(value.start_time),
  };
}

/** A share link: Dialpad sends strings; an object with a url (or share_link) is read the same way. */
function shareLinkFrom(value: unknown): CallRecording | null {
  const url = safeUrl(isObj(value) ? (value.url ?? value.share_link ?? value.access_link) : value);
  return url === null ? null : { id: null, type: 'share_link', url, durationMs: null, startedAt: null };
}

/** Reads one event's media from a Dialpad call object (the real format, or the guide's `data`). */
export function readMedia(call: Obj): CallMedia {
  const details = Array.isArray(call.recording_details) ? call.recording_details.slice(0, MAX_RECORDINGS) : [];
  const shares = Array.isArray(call.call_recording_share_links) ? call.call_recording_share_links.slice(0, MAX_RECORDINGS) : [];
  const recordings = dedupe([...details.map(recordingFrom), ...shares.map(shareLinkFrom)].filter((r): r is CallRecording => r !== null));
  return {
    voicemailUrl: safeUrl(call.voicemail_link) ?? safeUrl(call.voicemail_share_link),
    recordings,
    transcription: typeof call.transcription_text === 'string' ? clean(call.transcription_text, MAX_TRANSCRIPTION) : null,
  };
}

/** One entry per recording id (else per URL), first seen first, at most 20. */
function dedupe(recordings: CallRecording[]): CallRecording[] {
  const seen = new Map<string, CallRecording>();
  for (const r of recordings) {
    const key = r.id !== null ? `id:${r.id}` : `url:${r.url}`;
    if (!seen.has(key) && ![...seen.values()].some((s) => s.url === r.url)) seen.set(key, r);
  }
  return [...seen.values()].slice(0, MAX_RECORDINGS);
}

export function hasMedia(media: CallMedia | undefined): media is CallMedia {
  return media !== undefined && (media.voicemailUrl !== null || media.recordings.length > 0 || media.transcription !== null);
}

/**
 * The call columns an event's media changes, or null when it changes nothing: the newest voicemail
 * link and transcription win; recordings are added to those known (a recording reported again, by id
 * or URL, is updated in place), at most 20.
 */
export function mediaPatch(
  call: CallMedia,
  event: CallMedia | undefined,
): Partial<Pick<CallMedia, 'voicemailUrl' | 'recordings' | 'transcription'>> | null {
  if (!hasMedia(event)) return null;
  const patch: Partial<CallMedia> = {};
  if (event.voicemailUrl !== null && event.voicemailUrl !== call.voicemailUrl) patch.voicemailUrl = event.voicemailUrl;
  if (event.transcription !== null && event.transcription !== call.transcription) patch.transcription = event.transcription;
  if (event.recordings.length > 0) {
    const merged = [...call.recordings];
    for (const r of event.recordings) {
      const at = merged.findIndex((m) => (r.id !== null && m.id === r.id) || m.url === r.url);
      const known = at >= 0 ? merged[at] : undefined;
      if (known === undefined) merged.push(r);
      else {
        merged[at] = {
          id: r.id ?? known.id,
          type: r.type ?? known.type,
          url: r.url,
          durationMs: r.durationMs ?? known.durationMs,
          startedAt: r.startedAt ?? known.startedAt,
        };
      }
    }
    const capped = merged.slice(0, MAX_RECORDINGS);
    if (JSON.stringify(capped) !== JSON.stringify(call.recordings)) patch.recordings = capped;
  }
  return Object.keys(patch).length > 0 ? patch : null;
}
