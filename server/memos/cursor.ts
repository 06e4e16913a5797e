import { z } from 'zod';
import { cursorCodec } from '../http/cursor';

/**
 * Where a page of memos ends, in the list's own order (pinned first, then newest). The time is
 * the database's text with microseconds: a JavaScript Date keeps milliseconds only, and two memos
 * written in the same millisecond would otherwise be skipped or repeated.
 */
const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const memoCursorSchema = z.codec(z.tuple([z.boolean(), z.string().regex(ISO_MICROS), z.uuid()]), z.object({ pinned: z.boolean(), at: z.string(), id: z.string() }), {
  decode: ([pinned, at, id]) => ({ pinned, at, id }),
  encode: ({ pinned, at, id }): [boolean, string, string] => [pinned, at, id],
});
export type MemoCursor = z.output<typeof memoCursorSchema>;

export const { encode: encodeMemoCursor, decode: decodeMemoCursor } = cursorCodec(memoCursorSchema);
