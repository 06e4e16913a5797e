import { z } from 'zod';
import { badRequest } from '../http/errors';

/**
 * Where a page of memos ends, in the list's own order (pinned first, then newest). The time is
 * the database's text with microseconds: a JavaScript Date keeps milliseconds only, and two memos
 * written in the same millisecond would otherwise be skipped or repeated.
 */
export interface MemoCursor {
  pinned: boolean;
  at: string;
  id: string;
}

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const cursorSchema = z.tuple([z.boolean(), z.string().regex(ISO_MICROS), z.uuid()]);

export function encodeMemoCursor(c: MemoCursor): string {
  return Buffer.from(JSON.stringify([c.pinned, c.at, c.id])).toString('base64url');
}

export function decodeMemoCursor(value: string): MemoCursor {
  try {
    const [pinned, at, id] = cursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return { pinned, at, id };
  } catch {
    throw badRequest('querystring.cursor: not a cursor this list gave out', [{ field: 'querystring.cursor', message: 'Unknown cursor' }]);
  }
}
