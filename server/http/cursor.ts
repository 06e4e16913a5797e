import { z } from 'zod';
import { badRequest } from './errors';

/**
 * An opaque page cursor: the value `schema` describes, as base64url JSON. `schema` may be a
 * `z.codec` from the JSON form to the one the repository works with (a Date, an object). A cursor
 * that does not decode is 400 naming `querystring.cursor`, whichever list it was given to.
 */
export function cursorCodec<S extends z.ZodType>(schema: S) {
  return {
    encode: (value: z.output<S>): string => Buffer.from(JSON.stringify(z.encode(schema, value))).toString('base64url'),
    decode: (value: string): z.output<S> => {
      try {
        return schema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
      } catch {
        throw badRequest('querystring.cursor: not a cursor this list gave out', [{ field: 'querystring.cursor', message: 'Unknown cursor', code: 'unknown' }]);
      }
    },
  };
}

/** Keyset paging over (time, id), newest first: opaque to clients, stable under inserts. */
const timeCursorSchema = z.codec(z.tuple([z.iso.datetime(), z.string()]), z.object({ at: z.date(), id: z.string() }), {
  decode: ([at, id]) => ({ at: new Date(at), id }),
  encode: ({ at, id }): [string, string] => [at.toISOString(), id],
});
export type Cursor = z.output<typeof timeCursorSchema>;

const timeCursor = cursorCodec(timeCursorSchema);

export const decodeCursor = timeCursor.decode;

/** Takes one row more than the page to know whether another page follows. */
export function page<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? timeCursor.encode(cursorOf(last)) : null };
}
