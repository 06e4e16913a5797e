/**
 * Properties of the two lookups every call depends on: phone numbers (common/phone.ts) and the
 * store a dialled number belongs to (longest registered prefix wins, whatever the set of prefixes).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPhone, maskPhone, toE164, toNational } from '../../common/phone';
import { storePrefixes, stores } from '../../server/db/schema';
import { candidatePrefixes } from '../../server/stores/repository';
import { openTestDatabase } from '../support/database';
import { fcParams } from './support';
import { storeForCall } from '../support/directory';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

/** Japanese numbers of the kinds stores and customers have: mobile, IP (050), Tokyo/Osaka, Chiba, toll-free. */
const jpNational = fc.oneof(
  fc.tuple(fc.constantFrom('070', '080', '090'), fc.integer({ min: 1, max: 9 }), digits(7)).map(([p, d, r]) => `${p}${d}${r}`),
  fc.tuple(fc.constantFrom('050'), fc.integer({ min: 1, max: 9 }), digits(7)).map(([p, d, r]) => `${p}${d}${r}`),
  fc.tuple(fc.constantFrom('03', '06'), fc.integer({ min: 1, max: 9 }), digits(7)).map(([p, d, r]) => `${p}${d}${r}`),
  fc.tuple(fc.constantFrom('047', '043'), fc.integer({ min: 2, max: 9 }), digits(5)).map(([p, d, r]) => `${p}${d}${r}`),
);

const fullWidth = (s: string) => s.replace(/[0-9+-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('phone numbers', () => {
  it('parse every written form of a valid Japanese number to one E.164, and formatPhone round-trips', () => {
    fc.assert(
      fc.property(jpNational, (national) => {
        const e164 = toE164(national);
        expect(e164).toBe(`+81${national.slice(1)}`);
        expect(toNational(e164)).toBe(national);
        const shown = formatPhone(e164);
        expect(toE164(shown)).toBe(e164);
        for (const form of [shown, fullWidth(shown), `+81 ${national.slice(1)}`, ` ${national} `, shown.replaceAll('-', ' ')]) {
          expect(toE164(form), form).toBe(e164);
        }
      }),
      fcParams(500),
    );
  });

  it('never throw on any string, and yield E.164 or null', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.stringMatching(/^[+０-９0-9 ()\-ー－]{0,30}$/)), (input) => {
        const e164 = toE164(input);
        expect(e164 === null || /^\+\d{6,15}$/.test(e164)).toBe(true);
        expect(() => formatPhone(input)).not.toThrow();
        expect(() => toNational(input)).not.toThrow();
        expect(() => maskPhone(input)).not.toThrow();
      }),
      fcParams(500),
    );
  });

  it('mask a number for the logs to its first three and last four digits', () => {
    fc.assert(
      fc.property(jpNational, (national) => {
        expect(maskPhone(toE164(national))).toBe(`${national.slice(0, 3)}-****-${national.slice(-4)}`);
      }),
      fcParams(300),
    );
  });
});

describe('store matching', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('candidatePrefixes lists every leading part from 11 digits down to 2, longest first', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{0,16}$/), (national) => {
        const list = candidatePrefixes(national);
        const expected = [];
        for (let n = Math.min(national.length, 11); n >= 2; n--) expected.push(national.slice(0, n));
        expect(list).toEqual(expected);
      }),
      fcParams(300),
    );
  });

  /** Rolls a run's stores back, so runs never see each other's prefixes. */
  class Rollback extends Error {}

  it('the longest registered prefix of the dialled number wins, over any set of prefixes', async () => {
    const scenario = jpNational.chain((dialled) =>
      fc.record({
        dialled: fc.constant(dialled),
        asE164: fc.boolean(),
        // Some prefixes of the dialled number itself (the interesting ones) and some unrelated ones.
        own: fc.subarray(candidatePrefixes(dialled)),
        other: fc.uniqueArray(fc.stringMatching(/^0\d{1,10}$/), { maxLength: 6 }),
        storeCount: fc.integer({ min: 1, max: 4 }),
        owners: fc.array(fc.nat(3), { minLength: 20, maxLength: 20 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(scenario, async ({ dialled, asE164, own, other, storeCount, owners }) => {
        const prefixes = [...new Set([...own, ...other])];
        const owner = new Map(prefixes.map((p, i) => [p, (owners[i] ?? 0) % storeCount]));
        // The model: among registered prefixes of the dialled number, the longest one's store.
        const best = prefixes.filter((p) => dialled.startsWith(p)).sort((a, b) => b.length - a.length)[0];
        const expected = best === undefined ? null : `s${owner.get(best)}`;
        let found: string | null | undefined;
        await database.db
          .transaction(async (tx) => {
            const ids: string[] = [];
            for (let i = 0; i < storeCount; i++) {
              const [row] = await tx.insert(stores).values({ code: `s${i}`, name: `store ${i}` }).returning({ id: stores.id });
              ids.push(row!.id);
            }
            if (prefixes.length > 0) await tx.insert(storePrefixes).values(prefixes.map((prefix) => ({ prefix, storeId: ids[owner.get(prefix)!]! })));
            const store = await storeForCall(tx, asE164 ? toE164(dialled) : dialled);
            found = store?.code ?? null;
            throw new Rollback();
          })
          .catch((err: unknown) => {
            if (!(err instanceof Rollback)) throw err;
          });
        expect(found).toBe(expected);
      }),
      fcParams(150),
    );
  }, 120_000);
});
