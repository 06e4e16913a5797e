/**
 * Makes a verified webhook payload safe to keep as jsonb. Both failures here would otherwise lose a
 * signed event: a 400 is never retried by Dialpad, and a 500 is retried only to fail again.
 */
type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether no value lies deeper than `max` levels; iterative, so the check itself cannot overflow. */
export function nestedWithin(root: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [value, depth] = item;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= max) return false;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
  return true;
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const unstorable = (text: string): boolean => text.includes('\u0000') || LONE_SURROGATE.test(text);
const clean = (text: string): string => text.replaceAll('\u0000', '\uFFFD').replace(/[\uD800-\uDFFF]/gu, '\uFFFD');

/** Whether any key or string holds what jsonb refuses (almost never). */
function needsCleaning(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string' && unstorable(value)) return true;
    if (typeof value !== 'object' || value === null) continue;
    for (const [k, v] of Object.entries(value)) {
      if (unstorable(k)) return true;
      stack.push(v);
    }
  }
  return false;
}

function cleaned(value: unknown): unknown {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map(cleaned);
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), cleaned(v)]));
  return value;
}

/**
 * The payload as jsonb can hold it: PostgreSQL refuses a NUL or an unpaired surrogate anywhere in a
 * document, even in a field we never read; both become U+FFFD. Returns the payload itself when it is
 * already storable (nearly always). Call it only once the depth is known to be bounded.
 */
export function storable(payload: Obj): Obj {
  return needsCleaning(payload) ? (cleaned(payload) as Obj) : payload;
}
