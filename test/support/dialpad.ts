/**
 * Dialpad's call events, for the tests and the benchmarks alike (bench/ imports this file, so it
 * imports nothing from the server).
 */
import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';

/** The example call of shared/dialpad.md: an inbound call ringing an agent of 西船橋店, fixed ids and times. */
export const documentedCall = {
  call_id: 6051203942481920,
  entry_point_call_id: 6051203942481920,
  state: 'ringing',
  direction: 'inbound',
  external_number: '+819012345678',
  internal_number: '+815017481234',
  date_started: 1765794600000,
  date_rang: 1765794600120,
  event_timestamp: 1765794600150,
  target: { id: 456, type: 'user', name: '山田 太郎', phone: '+815017481234', email: 'yamada@example.jp' },
  entry_point_target: { id: 124, type: 'office', name: '西船橋店', phone: '+815017481234' },
  contact: { id: 'c-1', type: 'local', name: '090-1234-5678', phone: '+819012345678', email: '' },
  group_id: 'Office:124',
};

let nextId = documentedCall.call_id;

/** A fresh Dialpad call id (as a number, the way Dialpad sends them). */
export function newCallId(): number {
  nextId += 1;
  return nextId;
}

/** The documented call as a new call ringing now (a fresh id unless given); override any field. */
export function dialpadCall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const callId = (overrides.call_id as number | undefined) ?? newCallId();
  const now = Date.now();
  return {
    ...documentedCall,
    call_id: callId,
    entry_point_call_id: callId,
    master_call_id: callId,
    date_started: now,
    date_rang: now + 120,
    event_timestamp: now + 150,
    ...overrides,
  };
}

/** Signs an event the way Dialpad does: a compact HS256 JWT whose claims are the event, no exp. */
export function dialpadJwt(claims: Record<string, unknown>, secret = WEBHOOK_SECRET): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

export function guideSignature(body: string | Buffer, secret = WEBHOOK_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Delivers a JWT body as Dialpad does (text/plain). */
export async function deliverJwt(baseUrl: string, claims: Record<string, unknown>): Promise<Response> {
  return fetch(`${baseUrl}/api/dialpad/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: await dialpadJwt(claims),
  });
}

/** Delivers the guide's format: JSON with X-Dialpad-Signature. */
export function deliverGuide(baseUrl: string, payload: unknown, signature?: string): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${baseUrl}/api/dialpad/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dialpad-signature': signature ?? guideSignature(body) },
    body,
  });
}
