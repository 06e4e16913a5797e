import { AsYouType, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Store } from '../../../lib/api/types';

/** A store's prefix as people write it: 0474330 → 047-433-0…, 0501748 → 050-1748… (never a bare digit run). */
export function formatPrefix(prefix: string): string {
  return `${new AsYouType('JP').input(prefix)}…`;
}

/**
 * A whole number inside a prefix, to dial as a test: the prefix followed by zeros, as long as a
 * real number of that kind (10 digits for a landline, 11 for 050/070/080/090), in its written form.
 * Null when no such number is valid (a prefix too odd to guess from: the person types one instead).
 */
export function sampleNumber(prefix: string): string | null {
  for (const length of [10, 11]) {
    if (prefix.length > length) continue;
    // Zeros read best (047-433-0000); some ranges have no number ending in them (03-0000-0000), fives do.
    for (const filler of ['0', '5']) {
      const parsed = parsePhoneNumberFromString(prefix.padEnd(length, filler), 'JP');
      if (parsed?.isValid()) return parsed.formatNational();
    }
  }
  return null;
}

export interface NumberGroup {
  /** 西船橋 · 047-433… */
  group: string;
  items: string[];
}

export interface TestNumbers {
  groups: NumberGroup[];
  /** Whose number each offered one is, to name the store on its option. */
  storeOf: Map<string, string>;
}

/** The numbers offered for テスト着信: one per prefix, grouped by store, each store's prefixes as written. */
export function testNumbers(stores: Pick<Store, 'name' | 'phonePrefixes'>[]): TestNumbers {
  const storeOf = new Map<string, string>();
  const groups: NumberGroup[] = [];
  for (const store of stores) {
    // Autocomplete needs each value once across all groups.
    const items = store.phonePrefixes.map(sampleNumber).filter((n): n is string => n !== null && !storeOf.has(n));
    for (const n of items) storeOf.set(n, store.name);
    if (items.length === 0) continue;
    groups.push({ group: `${store.name} · ${store.phonePrefixes.map(formatPrefix).join(', ')}`, items });
  }
  return { groups, storeOf };
}
