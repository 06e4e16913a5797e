import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { CustomerSummary } from '../../common/calls';
import type { Executor } from '../db/client';
import { queryPrepared } from '../db/prepared';
import { calls } from '../db/schema';
import type { CallEvent } from './call-event';
import { type CallRow, type CallWithStore, flatten } from './repository';

/** A new call as its first event leaves it, every column the insert sets. */
export type FreshCall = Omit<CallRow, 'createdAt' | 'updatedAt' | 'purposeId'>;

export interface Recorded {
  /** False: a redelivery, nothing was written. */
  recorded: boolean;
  /** `directory_generation` as this statement saw it (server/calls/directory.ts). */
  generation: number;
  /** The call this event created, as inserted. */
  created: CallRow | null;
  /** The call that existed, locked by this transaction. */
  locked: CallWithStore | null;
}

const COLUMNS = Object.entries(getTableColumns(calls));
const LOCKED_COLUMNS = sql.raw(COLUMNS.map(([key, column]) => `l."${column.name}" AS "call.${key}"`).join(', '));
const INSERTED = COLUMNS.filter(([key]) => key !== 'createdAt' && key !== 'updatedAt' && key !== 'purposeId') as [keyof FreshCall, (typeof COLUMNS)[number][1]][];
const INSERT_COLUMNS = sql.raw(INSERTED.map(([, column]) => `"${column.name}"`).join(', '));
const JSON_COLUMNS = new Set<string>(['recordings']);
const { createdAt: CREATED_AT, updatedAt: UPDATED_AT } = getTableColumns(calls);

/**
 * INSERT … SELECT of `fresh` as a call, when `condition` holds and no call has its id (returning the
 * timestamps and the customer). `computed` gives a column as an expression instead of fresh's value.
 */
function insertCall(fresh: FreshCall, condition: SQL, computed: Partial<Record<keyof FreshCall, SQL>> = {}): SQL {
  const value = (key: keyof FreshCall): SQL =>
    computed[key] ?? (JSON_COLUMNS.has(key) ? sql`${JSON.stringify(fresh[key])}::jsonb` : sql`${fresh[key]}`);
  const values = sql.join(INSERTED.map(([key]) => value(key)), sql`, `);
  return sql`INSERT INTO calls (${INSERT_COLUMNS}) SELECT ${values} WHERE ${condition} ON CONFLICT (id) DO NOTHING RETURNING created_at, updated_at, customer_id`;
}

/** INSERT … SELECT of the event, when `condition` holds and its dedupe key is not in yet. */
function insertEvent(event: CallEvent, condition: SQL): SQL {
  return sql`INSERT INTO call_events (call_id, leg_id, state, dedupe_key, occurred_at, payload)
    SELECT ${event.callId}, ${event.legId}, ${event.state}, ${event.dedupeKey}, ${event.occurredAt}, ${JSON.stringify(event.raw)}::jsonb
    WHERE ${condition} ON CONFLICT (dedupe_key) DO NOTHING`;
}

/** The call `insertCall` inserted, with the timestamps the database gave it. */
function insertedCall(fresh: FreshCall, row: { createdAt?: unknown; updatedAt?: unknown }): CallRow {
  return { ...fresh, purposeId: null, createdAt: read(CREATED_AT, row.createdAt) as Date, updatedAt: read(UPDATED_AT, row.updatedAt) as Date };
}

const GENERATION = sql`(SELECT generation FROM directory_generation WHERE id = 1)`;

/** A raw column value as drizzle would have read it (timestamps as Date, bigint as number, JSON parsed). */
function read(column: (typeof COLUMNS)[number][1], value: unknown): unknown {
  return value === null || value === undefined ? null : column.mapFromDriverValue(value);
}

function callFrom(row: Record<string, unknown>, prefix: string): CallRow {
  return Object.fromEntries(COLUMNS.map(([key, column]) => [key, read(column, row[`${prefix}${key}`])])) as CallRow;
}

/**
 * An event's first statement, hand-written (the hot path: a query builder costs more here than the
 * query): records the event unless its dedupe key is in already, then either inserts `fresh` as the
 * call (when given, no call has that id, and the node's directory is of the database's generation)
 * or locks the existing call with its store, customer and purpose, and says which generation it saw.
 * Neither created nor locked: the caller creates the call the slow way (or another leg's first
 * event is creating it at this moment; the call is then locked by a statement of its own).
 */
export async function recordEvent(tx: Executor, event: CallEvent, fresh: FreshCall | null, generation: number): Promise<Recorded> {
  const created = fresh ? sql`, created AS (${insertCall(fresh, sql`EXISTS (SELECT 1 FROM ev) AND (SELECT generation FROM gen) = ${generation}`)})` : sql``;
  const notCreated = fresh ? sql`AND NOT EXISTS (SELECT 1 FROM created)` : sql``;
  const createdAt = fresh ? sql`(SELECT created_at FROM created)` : sql`NULL::timestamptz`;
  const updatedAt = fresh ? sql`(SELECT updated_at FROM created)` : sql`NULL::timestamptz`;
  const [row] = await queryPrepared<Record<string, unknown>>(
    tx,
    'record_event',
    sql`
    WITH ev AS (${insertEvent(event, sql`true`)} RETURNING 1), gen AS (SELECT ${GENERATION} AS generation)${created},
    l AS (SELECT * FROM calls WHERE id = ${event.callId} AND EXISTS (SELECT 1 FROM ev) ${notCreated} FOR UPDATE)
    SELECT EXISTS (SELECT 1 FROM ev) AS "recorded", (SELECT generation FROM gen)::float8 AS "generation",
      ${createdAt} AS "createdAt", ${updatedAt} AS "updatedAt", ${LOCKED_COLUMNS},
      s.code AS "storeCode", s.name AS "storeName", cu.name AS "customerName", cu.name_kana AS "customerNameKana",
      cu.caution AS "customerCaution", cu.caution_reason AS "customerCautionReason", cu.tags AS "customerTags", p.label AS "purposeLabel"
    FROM (SELECT 1) AS one
    LEFT JOIN l ON true
    LEFT JOIN stores s ON s.id = l.store_id
    LEFT JOIN customers cu ON cu.id = l.customer_id
    LEFT JOIN call_purposes p ON p.id = l.purpose_id
  `,
  );
  if (!row) throw new Error('recordEvent: the statement returned no row');
  const createdRow = fresh && row.createdAt !== null ? insertedCall(fresh, row) : null;
  const locked =
    row['call.id'] !== null
      ? flatten({
          call: callFrom(row, 'call.'),
          storeCode: row.storeCode as string | null,
          storeName: row.storeName as string | null,
          customerName: row.customerName as string | null,
          customerNameKana: row.customerNameKana as string | null,
          customerCaution: row.customerCaution as boolean | null,
          customerCautionReason: row.customerCautionReason as string | null,
          customerTags: row.customerTags as string[] | null,
          purposeLabel: row.purposeLabel as string | null,
        })
      : null;
  return { recorded: row.recorded === true, generation: Number(row.generation), created: createdRow, locked };
}

/** Who holds a calling number, as customersRepository.findSummariesByPhones returns them (most recently updated first). */
function holdersOf(e164: string): SQL {
  return sql`SELECT c.id, c.name, c.name_kana, c.caution, c.caution_reason, c.tags, c.updated_at
    FROM customer_phones cp JOIN customers c ON c.id = cp.customer_id WHERE cp.e164 = ${e164}`;
}

export interface CreatedAlone {
  call: CallRow;
  /** Who holds the calling number: the call's customer when there is exactly one. */
  holders: CustomerSummary[];
}

/**
 * A call's first ringing on an idle server, in one statement and one round trip, no transaction
 * around it: looks up who holds the calling number (the call's customer when exactly one does), and
 * inserts `fresh` as the call unless a call has that id (or one is being created: the insert waits
 * for that transaction) or the directory is not of the database's generation; it records the event
 * only if the call was inserted. So it writes both or nothing; null (nothing written) sends the
 * caller the transactional way. The event cannot be a redelivery when the call did not exist: every
 * event is committed with its call. `fresh.customerId` is not used: the statement decides it.
 */
export async function createWithFirstEvent(db: Executor, event: CallEvent, fresh: FreshCall, generation: number): Promise<CreatedAlone | null> {
  const [row] = await queryPrepared<{ createdAt: unknown; updatedAt: unknown; customerId: string | null; holders: CustomerSummary[] }>(
    db,
    'create_call_alone',
    sql`
    WITH holders AS (${holdersOf(fresh.externalNumber ?? '')}),
    created AS (${insertCall(fresh, sql`${GENERATION} = ${generation}`, {
      customerId: sql`(SELECT CASE WHEN count(*) = 1 THEN (array_agg(id))[1] END FROM holders)`,
    })}),
    ev AS (${insertEvent(event, sql`EXISTS (SELECT 1 FROM created)`)})
    SELECT created_at AS "createdAt", updated_at AS "updatedAt", customer_id AS "customerId",
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'nameKana', name_kana, 'caution', caution,
        'cautionReason', caution_reason, 'tags', tags) ORDER BY updated_at DESC, id), '[]'::json) FROM holders) AS "holders"
    FROM created
  `,
  );
  if (!row) return null;
  return { call: insertedCall({ ...fresh, customerId: row.customerId }, row), holders: row.holders };
}
