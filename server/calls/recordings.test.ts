import { describe, expect, it } from 'vitest';
import { documentedCall } from '../../test/support/dialpad';
import { normalizeDialpadPayload } from '../dialpad/normalize';
import { type CallMedia, MAX_RECORDINGS, MAX_TRANSCRIPTION, mediaPatch, readMedia, safeUrl } from './recordings';

const receivedAt = new Date('2026-01-01T00:00:00.000Z');
const VOICEMAIL = 'https://dialpad.com/r/voicemail/5551234.mp3?token=abc';
const RECORDING = 'https://dialpad.com/r/recording/777.mp3';
const SHARE = 'https://dialpad.com/shared/call/777';

/** The media fields as shared/dialpad.md lists them. */
const mediaFields = {
  voicemail_link: VOICEMAIL,
  voicemail_share_link: 'https://dialpad.com/shared/voicemail/5551234',
  recording_details: [{ id: 777, recording_type: 'user', url: RECORDING, duration: 12_500, start_time: 1765794610000 }],
  call_recording_share_links: [SHARE],
  transcription_text: 'お世話になっております。折り返しお願いします。',
};

const expected: CallMedia = {
  voicemailUrl: VOICEMAIL,
  recordings: [
    { id: '777', type: 'user', url: RECORDING, durationMs: 12_500, startedAt: new Date(1765794610000).toISOString() },
    { id: null, type: 'share_link', url: SHARE, durationMs: null, startedAt: null },
  ],
  transcription: 'お世話になっております。折り返しお願いします。',
};

describe('media on call events', () => {
  it('reads voicemail, recordings and transcription from a Dialpad call object (the JWT format)', () => {
    const event = normalizeDialpadPayload({ ...documentedCall, state: 'voicemail_uploaded', ...mediaFields }, receivedAt);
    expect(event.kind).toBe('other');
    expect(event.media).toEqual(expected);
  });

  it("reads the same fields from the guide's envelope", () => {
    const payload = {
      event_type: 'call.voicemail_uploaded',
      data: { call_id: 'call-123', caller_number: '090-1234-5678', timestamp: '2025-12-15T10:30:00+09:00', ...mediaFields },
    };
    const event = normalizeDialpadPayload(payload, receivedAt);
    expect(event.state).toBe('voicemail_uploaded');
    expect(event.kind).toBe('other');
    expect(event.media).toEqual(expected);
  });

  it('falls back to the voicemail share link, and says nothing when no field is sent', () => {
    expect(readMedia({ voicemail_share_link: 'https://dialpad.com/shared/vm/1' }).voicemailUrl).toBe('https://dialpad.com/shared/vm/1');
    expect(normalizeDialpadPayload(documentedCall, receivedAt).media).toEqual({ voicemailUrl: null, recordings: [], transcription: null });
  });

  it('drops every link that is not https: javascript:, data:, http:, credentials, too long', () => {
    const media = readMedia({
      voicemail_link: 'javascript:alert(document.cookie)',
      voicemail_share_link: ' JaVaScRiPt:alert(1)',
      recording_details: [
        { id: 1, url: 'data:text/html,<script>alert(1)</script>' },
        { id: 2, url: 'http://dialpad.com/r/2.mp3' },
        { id: 3, url: 'https://user:pw@dialpad.com/r/3.mp3' },
        { id: 4, url: `https://dialpad.com/${'a'.repeat(2100)}` },
        { id: 5, url: 'https://dialpad.com/r/\u0000x' },
        { id: 6, url: 42 },
        'https://dialpad.com/not-an-object',
      ],
      call_recording_share_links: ['java\tscript:alert(1)', { url: 'vbscript:x' }],
    });
    expect(media).toEqual({ voicemailUrl: null, recordings: [], transcription: null });
    expect(safeUrl('https://dialpad.com/r/1.mp3')).toBe('https://dialpad.com/r/1.mp3');
  });

  it('keeps at most 20 recordings, bounds the transcription and ignores wrong types', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ id: i, url: `https://dialpad.com/r/${i}.mp3`, duration: 'x', start_time: 5 }));
    const media = readMedia({ recording_details: many, transcription_text: `${'あ'.repeat(MAX_TRANSCRIPTION + 10)}\u0000` });
    expect(media.recordings).toHaveLength(MAX_RECORDINGS);
    expect(media.recordings[0]).toEqual({ id: '0', type: null, url: 'https://dialpad.com/r/0.mp3', durationMs: null, startedAt: null });
    expect(media.transcription).toHaveLength(MAX_TRANSCRIPTION);
    expect(readMedia({ recording_details: 'x', call_recording_share_links: {}, transcription_text: 7 })).toEqual({
      voicemailUrl: null,
      recordings: [],
      transcription: null,
    });
  });

  it('merges an event into the call: newest link and text win, recordings are added once, nothing is cleared', () => {
    const none: CallMedia = { voicemailUrl: null, recordings: [], transcription: null };
    expect(mediaPatch(none, undefined)).toBeNull();
    expect(mediaPatch(expected, none)).toBeNull();
    expect(mediaPatch(none, expected)).toEqual(expected);
    expect(mediaPatch(expected, expected)).toBeNull();
    const again = { ...none, recordings: [{ id: '777', type: null, url: RECORDING, durationMs: 13_000, startedAt: null }] };
    expect(mediaPatch(expected, again)).toEqual({ recordings: [{ ...expected.recordings[0], durationMs: 13_000 }, expected.recordings[1]] });
    const other = { ...none, recordings: [{ id: '778', type: 'admin', url: 'https://dialpad.com/r/778.mp3', durationMs: null, startedAt: null }] };
    expect(mediaPatch(expected, other)?.recordings).toHaveLength(3);
  });
});
