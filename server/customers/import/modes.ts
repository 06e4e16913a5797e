import type { ImportMode } from '../../../common/customers';

/** What an import does to an existing customer's 備考 and tags when a row gives them (common/customers.ts importModeSchema). */
export interface ImportModes {
  notes: ImportMode;
  tags: ImportMode;
}

export const DEFAULT_MODES: ImportModes = { notes: 'append', tags: 'append' };

/** 備考 after a row: `append` adds the file's text on a new line unless the customer's already contains it. */
export function mergeNotes(before: string, given: string | undefined, mode: ImportMode): string {
  if (given === undefined) return before;
  switch (mode) {
    case 'keep':
      return before;
    case 'replace':
      return given;
    case 'append':
      if (before.trim() === '') return given;
      return before.includes(given) ? before : `${before.replace(/\n+$/, '')}\n${given}`;
  }
}

/** Tags after a row: `append` is the union, the customer's first, each once. */
export function mergeTags(before: readonly string[], given: readonly string[] | undefined, mode: ImportMode): string[] {
  if (given === undefined) return [...before];
  switch (mode) {
    case 'keep':
      return [...before];
    case 'replace':
      return [...given];
    case 'append':
      return [...new Set([...before, ...given])];
  }
}
