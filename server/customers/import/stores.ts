import type { Executor } from '../../db/client';
import { importRepository } from './repository';

export interface ImportStore {
  id: string;
  code: string;
  name: string;
}

/** What a store cell names: one store, nobody, or several stores (by name). */
export type StoreLookup = { kind: 'found'; store: ImportStore } | { kind: 'unknown' } | { kind: 'ambiguous' };

/** Width and white space aside: "ＮＩＳＨＩＦＵＮＡ " reads as "NISHIFUNA". */
const fold = (text: string): string => text.normalize('NFKC').trim();
/** 西船橋店 and 西船橋 are the same store, whichever of the two the store is called. */
const withoutSuffix = (text: string): string => (text.length > 1 && text.endsWith('店') ? text.slice(0, -1) : text);

/**
 * The stores an import may name, read once per file (a chain has a handful; a file names them
 * thousands of times). A cell is a store's code or its name: the code wins, then an exact name,
 * then a name with or without its trailing 店.
 */
export class StoreDirectory {
  private stores: Promise<ImportStore[]> | undefined;
  private readonly byId = new Map<string, ImportStore>();
  private reread = false;
  constructor(private readonly db: Executor) {}

  private all(): Promise<ImportStore[]> {
    this.stores ??= importRepository.listStores(this.db).then((list) => {
      for (const store of list) this.byId.set(store.id, store);
      return list;
    });
    return this.stores;
  }

  async lookup(cell: string): Promise<StoreLookup> {
    const stores = await this.all();
    const text = fold(cell);
    const byCode = stores.find((s) => s.code === cell.trim()) ?? stores.find((s) => fold(s.code) === text);
    if (byCode) return { kind: 'found', store: byCode };
    const exact = stores.filter((s) => fold(s.name) === text);
    const named = exact.length > 0 ? exact : stores.filter((s) => withoutSuffix(fold(s.name)) === withoutSuffix(text));
    if (named.length === 1) return { kind: 'found', store: named[0]! };
    return named.length === 0 ? { kind: 'unknown' } : { kind: 'ambiguous' };
  }

  /** A store's name by its id, for the preview. */
  async nameOf(id: string | null): Promise<string | null> {
    if (id === null) return null;
    await this.all();
    if (!this.byId.has(id) && !this.reread) {
      // A store created since the list was read: read it again, once per file.
      this.reread = true;
      this.stores = undefined;
      await this.all();
    }
    return this.byId.get(id)?.name ?? null;
  }
}
