import { describe, expect, it } from 'vitest';
import { documentedCall } from '../../test/support/dialpad';
import { normalizeDialpadPayload } from '../dialpad/normalize';
import { encodeCustomData, parseCustomData } from './outbound-custom-data';

const ids = {
  userId: '11111111-1111-4111-8111-111111111111',
  callbackId: '22222222-2222-4222-8222-222222222222',
  attemptId: '33333333-3333-4333-8333-333333333333',
  customerId: null,
};

describe('custom_data of calls we place', () => {
  it('round-trips compactly, far inside Dialpad’s 2 KB', () => {
    const text = encodeCustomData(ids);
    expect(text.length).toBeLessThan(200);
    expect(parseCustomData(text)).toEqual(ids);
    expect(parseCustomData(encodeCustomData({ ...ids, callbackId: null, attemptId: null }))).toEqual({ ...ids, callbackId: null, attemptId: null });
  });

  it.each([
    ['plain text', 'call from the CRM'],
    ['other JSON', JSON.stringify({ crm: 1, cb: ids.callbackId })],
    ['a JSON array', '[1,2]'],
    ['our shape, wrong version', JSON.stringify({ cti: 2, u: ids.userId })],
    ['our shape, ids that are not ids', JSON.stringify({ cti: 1, u: 'x', cb: "1' OR 1=1" })],
    ['cut short', encodeCustomData(ids).slice(0, -3)],
    ['too long', `${encodeCustomData(ids).slice(0, -1)},"x":"${'y'.repeat(3000)}"}`],
  ])('is not ours: %s', (_, text) => {
    expect(parseCustomData(text)).toBeNull();
  });

  it('comes through normalize in the JWT format and in both shapes of the guide’s', () => {
    const at = new Date();
    const text = encodeCustomData(ids);
    expect(normalizeDialpadPayload({ ...documentedCall, custom_data: text }, at).customData).toBe(text);
    expect(normalizeDialpadPayload({ event_type: 'call.ringing', data: { ...documentedCall, custom_data: text } }, at).customData).toBe(text);
    expect(normalizeDialpadPayload({ event_type: 'call.ended', data: { call_id: 'c-1', caller_number: '090-1234-5678', custom_data: text } }, at).customData).toBe(text);
    expect(normalizeDialpadPayload(documentedCall, at).customData).toBeNull();
    // Capped at Dialpad's limit, whatever is sent.
    expect(normalizeDialpadPayload({ ...documentedCall, custom_data: 'z'.repeat(5000) }, at).customData).toHaveLength(2048);
  });
});
