/** What the benchmarks send: Dialpad's call event as a JWT, for the stores and customers they seed. */
import { dialpadCall, dialpadJwt, documentedCall } from '../../test/support/dialpad';

export const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789abcdef';
export const JWT_SECRET = 'bench-jwt-secret-which-is-long-enough-0123456789';
export const ADMIN = { email: 'bench-admin@example.jp', password: 'bench-admin-password' };
const STAFF_PASSWORD = 'bench-staff-password';

/** Staff of one of STORES (seeded by the benchmark server): receives that store's calls. */
export const storeStaff = (code: string) => ({ email: `bench-staff-${code}@example.jp`, password: STAFF_PASSWORD });

/**
 * A chain of 50 stores, each dialled through numbers under its own 7-digit prefix (none a prefix of
 * another): the first customer's four as they are, then s05…s50 on 0501752…0501797.
 */
export const STORES: readonly { code: string; name: string; prefix: string }[] = [
  { code: 'nishifuna', name: '西船橋', prefix: '0501748' },
  { code: 'kinshicho', name: '錦糸町', prefix: '0501749' },
  { code: 'kasai', name: '葛西', prefix: '0501750' },
  { code: 'matsudo', name: '松戸', prefix: '0501751' },
  ...Array.from({ length: 46 }, (_, k) => {
    const n = String(k + 5).padStart(2, '0');
    return { code: `s${n}`, name: `店舗${n}`, prefix: String(501752 + k).padStart(7, '0') };
  }),
];

/** Customer i's mobile, E.164; the seed and the calls agree on it. */
export const customerPhone = (i: number): string => `+8190${String(i).padStart(8, '0')}`;

/** Call ids start past anything the tests use; each benchmark run takes its own range. */
let nextCallId = 7_100_000_000_000_000 + (Date.now() % 1_000_000) * 1_000_000;
export function takeCallIds(count: number): number {
  const first = nextCallId;
  nextCallId += count;
  return first;
}

/**
 * A ringing inbound call as Dialpad sends it. Half the callers are known customers (the lookup
 * finds them), half are strangers; the store dialled rotates through STORES.
 */
export function ringingCall(callId: number, i: number, customers: number): Record<string, unknown> {
  const store = STORES[i % STORES.length]!;
  const now = Date.now();
  const external = i % 2 === 0 && customers > 0 ? customerPhone(i % customers) : `+8180${String(i % 100_000_000).padStart(8, '0')}`;
  const internal = `+81${store.prefix.slice(1)}${String(1000 + (i % 9000))}`;
  const { target, entry_point_target, contact } = documentedCall;
  // Every timestamp is now: a hangup sent right after must not look older than the ringing.
  return dialpadCall({
    call_id: callId,
    external_number: external,
    internal_number: internal,
    date_rang: now,
    event_timestamp: now,
    target: { ...target, phone: internal },
    entry_point_target: { ...entry_point_target, name: `${store.name}店`, phone: internal },
    contact: { ...contact, id: `c-${i}`, name: external, phone: external },
  });
}

/** The body Dialpad posts: a compact HS256 JWT whose claims are the event. */
export const signCall = (claims: Record<string, unknown>): Promise<string> => dialpadJwt(claims, WEBHOOK_SECRET);

/** Posts one call the way Dialpad does; resolves with the status. */
export async function deliver(baseUrl: string, body: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/dialpad/webhook`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
  await res.arrayBuffer();
  return res.status;
}

/** Signs in through the real door and returns the token. */
export async function login(baseUrl: string, who: { email: string; password: string } = ADMIN): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** One clock for every process: wall-clock milliseconds with sub-millisecond resolution. */
export const now = (): number => performance.timeOrigin + performance.now();
