import { z } from 'zod';

/**
 * The `custom_data` we give a call placed through Dialpad, which Dialpad echoes on every event of
 * that call: compact JSON (well under Dialpad's 2 KB) naming who placed it and, for a call-back
 * task, the task and the attempt. Anything else in custom_data (another integration's JSON, plain
 * text, something cut short) is not ours: kept on the call, never acted on.
 */

const uuid = z.uuid();
const ours = z.object({
  cti: z.literal(1),
  u: uuid,
  cb: uuid.optional(),
  a: uuid.optional(),
  c: uuid.optional(),
});

export interface OurCallData {
  userId: string;
  callbackId: string | null;
  attemptId: string | null;
  customerId: string | null;
}

export function encodeCustomData(data: OurCallData): string {
  return JSON.stringify({
    cti: 1,
    u: data.userId,
    ...(data.callbackId ? { cb: data.callbackId } : {}),
    ...(data.attemptId ? { a: data.attemptId } : {}),
    ...(data.customerId ? { c: data.customerId } : {}),
  });
}

/** Ours, or null for anything else (no throw: a stranger's custom_data is not an error). */
export function parseCustomData(text: string | null | undefined): OurCallData | null {
  if (!text || text[0] !== '{' || text.length > 2048) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ours.safeParse(value);
  if (!parsed.success) return null;
  const d = parsed.data;
  return { userId: d.u, callbackId: d.cb ?? null, attemptId: d.a ?? null, customerId: d.c ?? null };
}
