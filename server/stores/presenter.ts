import type { StoreRow } from './repository';
import type { Store } from '../../common/stores';

export function presentStore(row: StoreRow): Store {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    phonePrefixes: row.phonePrefixes,
    dialpadOfficeId: row.dialpadOfficeId,
    outboundCallerId: row.outboundCallerId,
    hours: row.hours,
  };
}
