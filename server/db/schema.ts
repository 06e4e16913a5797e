import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { BusinessHours } from '../../common/business-hours';
import type { CallRecording } from '../../common/calls';
import type { CustomerMergeMoved } from '../../common/customers';
import { phoneDigitsSql, searchKeySql, searchTextSql } from './search-sql';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const stores = pgTable('stores', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** Dialpad office id, so a call can be placed by its entry point when no prefix matches. */
  dialpadOfficeId: text('dialpad_office_id').unique(),
  /** E.164 number calls placed for this store show (Dialpad's `outbound_caller_id`); null: the user's own. */
  outboundCallerId: text('outbound_caller_id'),
  /** Opening hours (common/business-hours.ts); null: no hours set, every call counts as during hours. */
  hours: jsonb('hours').$type<BusinessHours>(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** National-form number prefixes ("0501748") that identify the store a caller dialled. */
export const storePrefixes = pgTable('store_prefixes', {
  prefix: text('prefix').primaryKey(),
  storeId: uuid('store_id')
    .notNull()
    .references(() => stores.id, { onDelete: 'cascade' }),
});

/**
 * One row, bumped by triggers (migration directory_generation) whenever a store, its prefixes or a
 * user's Dialpad link changes: every node's directory cache (server/calls/directory.ts) reads it in
 * each call event's first statement and reloads when it moved, so no node uses a store or user
 * older than the last admin save that returned.
 */
export const directoryGeneration = pgTable('directory_generation', {
  id: integer('id').primaryKey().default(1),
  generation: bigint('generation', { mode: 'number' }).notNull().default(0),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'staff'] }).notNull(),
    storeId: uuid('store_id').references(() => stores.id, { onDelete: 'restrict' }),
    passwordHash: text('password_hash').notNull(),
    dialpadUserId: text('dialpad_user_id').unique(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** Carried in every token; bumped to end every sign-in issued before (see server/auth/session.ts). */
    tokenVersion: integer('token_version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('users_staff_has_store', sql`${t.role} = 'admin' OR ${t.storeId} IS NOT NULL`)],
);

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    nameKana: text('name_kana').notNull().default(''),
    email: text('email'),
    birthday: date('birthday'),
    homeStoreId: uuid('home_store_id').references(() => stores.id, { onDelete: 'set null' }),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** 要注意: staff see the flag (and why) on the popup before they answer. */
    caution: boolean('caution').notNull().default(false),
    cautionReason: text('caution_reason').notNull().default(''),
    notes: text('notes').notNull().default(''),
    /** The customer's id in the system a CSV came from (顧客ID, 会員番号): re-imports match on it first. */
    externalId: text('external_id'),
    /** normalizeForSearch(name), normalizeForSearch(nameKana) (common/kana.ts, in SQL): ranking and the list's order. */
    searchName: text('search_name').generatedAlwaysAs(searchKeySql('name')),
    searchKana: text('search_kana').generatedAlwaysAs(searchKeySql('name_kana')),
    /** Both keys and their words, for LIKE through a trigram GIN index (created in the customer_search migration). */
    searchText: text('search_text').generatedAlwaysAs(searchTextSql('name', 'name_kana')),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The list's order (あいうえお順), also the keyset the cursor walks.
    index('customers_sort_idx').on(t.searchKana, t.searchName, t.id),
    index('customers_home_store_idx').on(t.homeStoreId),
    uniqueIndex('customers_external_id_idx').on(t.externalId).where(sql`${t.externalId} IS NOT NULL`),
  ],
);

export const customerPhones = pgTable(
  'customer_phones',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    e164: text('e164').notNull(),
    /** What people type (national form for Japan: 09012345678), for fragment search; trigram GIN index in the customer_search migration. */
    digits: text('digits').generatedAlwaysAs(phoneDigitsSql('e164')),
    label: text('label', { enum: ['mobile', 'home', 'work', 'other'] })
      .notNull()
      .default('other'),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.e164] }), index('customer_phones_e164_idx').on(t.e164)],
);

/** Why people call (予約, キャンセル ...): one list for the chain, edited by admins; archived, never deleted, so old calls keep theirs. */
export const callPurposes = pgTable(
  'call_purposes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    label: text('label').notNull(),
    /** Order on the card and in the reports (ascending). */
    position: integer('position').notNull().default(0),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('call_purposes_label_idx').on(t.label)],
);

export const calls = pgTable(
  'calls',
  {
    /** The key of the whole call: Dialpad's entry point (or master) call id, shared by every leg. */
    id: text('id').primaryKey(),
    provider: text('provider', { enum: ['dialpad', 'guide', 'test'] }).notNull(),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    state: text('state', { enum: ['ringing', 'answered', 'ended', 'missed', 'voicemail', 'blocked'] }).notNull(),
    externalNumber: text('external_number'),
    internalNumber: text('internal_number'),
    storeId: uuid('store_id').references(() => stores.id, { onDelete: 'set null' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    /** Who Dialpad rings (or answered): its target user. */
    agentDialpadId: text('agent_dialpad_id'),
    agentName: text('agent_name'),
    answeredByDialpadId: text('answered_by_dialpad_id'),
    answeredByName: text('answered_by_name'),
    isTest: boolean('is_test').notNull().default(false),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    durationMs: bigint('duration_ms', { mode: 'number' }),
    /** Dialpad's `custom_data` as the first event carrying it sent it (capped): ours names a call-back attempt. */
    customData: text('custom_data'),
    /** Whether a ringing event ever announced this call (so a late ringing never pops twice). */
    announced: boolean('announced').notNull().default(false),
    /** An inbound call that came while its store was closed (its hours when the call started). */
    afterHours: boolean('after_hours').notNull().default(false),
    /** Dialpad's voicemail link (https only, server/calls/recordings.ts); null: none left or no recordings_export scope. */
    voicemailUrl: text('voicemail_url'),
    /** The call's recordings as Dialpad reported them (at most 20). */
    recordings: jsonb('recordings').$type<CallRecording[]>().notNull().default([]),
    /** Dialpad's transcription of the voicemail or call (capped). */
    transcription: text('transcription'),
    /** Why they called, as staff tagged it (server/calls/purpose-routes.ts). */
    purposeId: uuid('purpose_id').references(() => callPurposes.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('calls_started_at_idx').on(t.startedAt.desc()),
    index('calls_store_started_idx').on(t.storeId, t.startedAt.desc()),
    index('calls_customer_started_idx').on(t.customerId, t.startedAt.desc()),
    index('calls_external_idx').on(t.externalNumber),
    index('calls_active_idx').on(t.startedAt).where(sql`${t.state} IN ('ringing', 'answered')`),
  ],
);

/** Every delivery we accepted, verbatim, one row per distinct event (the dedupe key is unique). */
export const callEvents = pgTable(
  'call_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // No foreign key: the event is written first, so a redelivery is dropped with one statement.
    callId: text('call_id').notNull(),
    legId: text('leg_id').notNull(),
    state: text('state').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    payload: jsonb('payload').notNull(),
  },
  (t) => [uniqueIndex('call_events_dedupe_idx').on(t.dedupeKey), index('call_events_call_idx').on(t.callId, t.legId)],
);

export const memos = pgTable(
  'memos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null while the caller is unknown: the memo is the call's until the call is linked (server/calls/link.ts). */
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
    callId: text('call_id').references(() => calls.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    pinned: boolean('pinned').notNull().default(false),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('memos_customer_idx').on(t.customerId, t.pinned.desc(), t.createdAt.desc()),
    index('memos_call_idx').on(t.callId),
    // A memo always belongs to someone: its customer, or (while unknown) its call.
    check('memos_customer_or_call', sql`${t.customerId} IS NOT NULL OR ${t.callId} IS NOT NULL`),
  ],
);

export const visits = pgTable(
  'visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    storeId: uuid('store_id').references(() => stores.id, { onDelete: 'set null' }),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
    menu: text('menu').notNull().default(''),
    staffName: text('staff_name').notNull().default(''),
    amountYen: integer('amount_yen').notNull().default(0),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('visits_customer_idx').on(t.customerId, t.visitedAt.desc()),
    check('visits_amount_non_negative', sql`${t.amountYen} >= 0`),
  ],
);

/** Call-back work: one open task per store and number, however often that number called unanswered. */
export const callbacks = pgTable(
  'callbacks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').references(() => stores.id, { onDelete: 'set null' }),
    phone: text('phone').notNull(),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['open', 'done'] }).notNull().default('open'),
    /** The latest unanswered outcome. */
    reason: text('reason', { enum: ['missed', 'voicemail'] }).notNull(),
    /** `after_hours`: every call folded in came while the store was closed (listed apart, for the next morning). */
    kind: text('kind', { enum: ['during_hours', 'after_hours'] }).notNull().default('during_hours'),
    /** Every unanswered call folded into this task, oldest first (its length is the count shown). */
    callIds: text('call_ids').array().notNull(),
    firstCallAt: timestamp('first_call_at', { withTimezone: true }).notNull(),
    lastCallAt: timestamp('last_call_at', { withTimezone: true }).notNull(),
    note: text('note').notNull().default(''),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id, { onDelete: 'set null' }),
    /** `done`: staff marked it; `answered`: a later answered call with this number closed it; `reached`: a call placed for it connected. */
    closeReason: text('close_reason', { enum: ['done', 'answered', 'reached'] }),
    closedByCallId: text('closed_by_call_id'),
    /** Who works the task: taken by staff of its store, or assigned by an admin. */
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('callbacks_open_store_phone_idx')
      .on(sql`coalesce(${t.storeId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.phone)
      .where(sql`${t.status} = 'open'`),
    index('callbacks_phone_open_idx').on(t.phone).where(sql`${t.status} = 'open'`),
    index('callbacks_status_last_idx').on(t.status, t.lastCallAt.desc()),
  ],
);

/** Every call placed for a call-back task (server/calls/outbound.ts), and what became of it (its call's events). */
export const callbackAttempts = pgTable(
  'callback_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callbackId: uuid('callback_id')
      .notNull()
      .references(() => callbacks.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    /** The call's key once its first event arrived. */
    dialpadCallId: text('dialpad_call_id'),
    outcome: text('outcome', { enum: ['placing', 'failed', 'answered', 'unanswered'] }).notNull(),
    /** Why it failed: the error code the caller saw (dialpad_user_busy, ...). */
    reason: text('reason'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    durationMs: bigint('duration_ms', { mode: 'number' }),
  },
  (t) => [index('callback_attempts_callback_idx').on(t.callbackId, t.startedAt)],
);

/** One row per merge (server/customers/merge/merge.ts): who went into whom, the source as it was, and what moved. */
export const customerMerges = pgTable(
  'customer_merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Cascade: the snapshot is personal data of the person the target now is; it goes with them.
    targetId: uuid('target_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** Not a foreign key: the source row is deleted by the merge. */
    sourceId: uuid('source_id').notNull(),
    /** The source record as the API showed it just before the merge (presentCustomer, phones included). */
    sourceSnapshot: jsonb('source_snapshot').notNull(),
    mergedBy: uuid('merged_by').references(() => users.id, { onDelete: 'set null' }),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
    moved: jsonb('moved').$type<CustomerMergeMoved>().notNull(),
  },
  (t) => [index('customer_merges_target_idx').on(t.targetId, t.mergedAt.desc(), t.id.desc()), index('customer_merges_source_idx').on(t.sourceId)],
);

/**
 * Shared contacts waiting to reach Dialpad (server/dialpad/contacts/): a row is written in the same
 * transaction as the customer change; one pending row per customer, a later change bumps its revision.
 */
export const contactOutbox = pgTable(
  'contact_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Not a foreign key: a delete must outlive the customer it is about. */
    customerId: uuid('customer_id').notNull(),
    op: text('op', { enum: ['upsert', 'delete'] }).notNull(),
    state: text('state', { enum: ['pending', 'sent', 'failed', 'superseded'] }).notNull().default('pending'),
    /** Bumped by every change coalesced into a pending row: a send marks the row sent only for the revision it read. */
    revision: integer('revision').notNull().default(1),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** Dialpad's id of the contact (PUT /contacts answers it), needed by DELETE /contacts/{id}. */
    dialpadContactId: text('dialpad_contact_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('contact_outbox_pending_customer_idx').on(t.customerId).where(sql`${t.state} = 'pending'`),
    index('contact_outbox_due_idx').on(t.nextAttemptAt, t.id).where(sql`${t.state} = 'pending'`),
    index('contact_outbox_customer_idx').on(t.customerId, t.state),
  ],
);

/** Who may send for a named job across nodes (the contacts outbox): a lease renewed while the holder works. */
export const workerLeases = pgTable('worker_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * Numbers an admin blocked in Dialpad (/blockednumbers/add): a row exists only once Dialpad said yes.
 * The customer and the admin may go; the block and its history stay (set null, never cascade).
 */
export const blockedNumbers = pgTable('blocked_numbers', {
  id: uuid('id').primaryKey().defaultRandom(),
  e164: text('e164').notNull().unique(),
  reason: text('reason').notNull().default(''),
  customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
  blockedBy: uuid('blocked_by').references(() => users.id, { onDelete: 'set null' }),
  blockedAt: timestamp('blocked_at', { withTimezone: true }).notNull().defaultNow(),
});
