import { z } from 'zod';

const TRUTHY = ['true', '1'];
const FALSY = ['false', '0'];

/**
 * A boolean query parameter. A query string holds only text, so the wire takes `true`/`false`/`1`/`0`
 * (any other value is a 400 validation_failed), the handler gets a boolean, and the OpenAPI document
 * shows `type: boolean`, which is how a client should think of it.
 */
export function queryBoolean() {
  return z.stringbool({ truthy: TRUTHY, falsy: FALSY, case: 'insensitive' }).meta({ type: 'boolean' });
}
