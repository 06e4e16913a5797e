import type { ErrorCode } from '../http/errors';

/**
 * What /api/docs says about each operation that its route schema does not: a summary, and the error
 * codes only this route can answer. Keys are "METHOD url" exactly as Fastify registers the route
 * (prefix included, `:param`, a plugin's root keeps its trailing slash: 'GET /api/users/').
 *
 * openapi.ts adds the codes every route of a kind can answer, so they are not repeated here:
 * every route internal_error; a route that reads the database storage_unavailable (unless
 * `database: false`); a signed-in route unauthorized and account_disabled; a route with params, query
 * or body validation_failed; a JSON body malformed_body, payload_too_large, unsupported_media_type.
 *
 * Adding a route? Add its entry here: server/docs/openapi.test.ts fails for a route without one,
 * and for an entry whose route no longer exists.
 */
export interface OperationDoc {
  /** One line, English, imperative or noun phrase. */
  summary: string;
  description?: string;
  /** The codes this route answers beyond the derived ones. */
  errors: readonly ErrorCode[];
  /** false: the route never reads the database, so it cannot answer storage_unavailable. */
  database?: false;
}

/** Store-scoped reads answer not_found (never forbidden) for a record outside the caller's stores. */
export const operations: Record<string, OperationDoc> = {
  // operations
  'GET /healthz': { summary: 'Liveness: the process is up', errors: [], database: false },
  'GET /readyz': {
    summary: 'Readiness: the database answers and the node is not draining',
    description: '503 with `not_ready` and the failing checks while draining or while a check fails.',
    errors: ['not_ready'],
  },
  'GET /metrics': { summary: 'Prometheus metrics (text format)', errors: ['unauthorized'] },

  // auth
  'POST /api/auth/login': {
    summary: 'Sign in with email and password; returns a bearer token',
    description: 'Wrong passwords lock the email and address pair for a while (429 rate_limited with Retry-After); each address is also rate limited.',
    errors: ['invalid_credentials', 'account_disabled', 'rate_limited'],
  },
  'POST /api/auth/logout': { summary: 'Sign out everywhere: ends every session of the signed-in user', errors: [] },
  'POST /api/auth/password': { summary: 'Change your own password (needs the current one)', errors: [] },
  'GET /api/auth/me': { summary: 'The signed-in user', errors: [] },

  // users
  'POST /api/users/': { summary: 'Create a user (admin)', errors: ['forbidden', 'conflict'] },
  'GET /api/users/': { summary: 'List users (admin)', errors: ['forbidden'] },
  'GET /api/users/:id': { summary: 'One user (admin)', errors: ['forbidden', 'not_found'] },
  'PATCH /api/users/:id': {
    summary: 'Change a user: name, role, stores, password, disabled (admin)',
    description:
      'A new password (an admin\'s reset), role or store ends the user\'s sign-ins and lifts a wrong-password lock; `{disabled: false}` re-enables. ' +
      '409 conflict when the change would leave no active admin (`details[0].code` `last_admin`), or the Dialpad id is taken.',
    errors: ['forbidden', 'not_found', 'conflict'],
  },
  'POST /api/users/:id/disable': {
    summary: 'Disable a user and end their sessions (admin)',
    description: '409 conflict for the last active admin (`details[0].code` `last_admin`) or one\'s own account (`own_account`).',
    errors: ['forbidden', 'not_found', 'conflict'],
  },

  // stores
  'POST /api/stores/': {
    summary: 'Create a store with its number prefixes (admin)',
    description: '409 conflict when the code exists, or a prefix or Dialpad office already belongs to another store.',
    errors: ['forbidden', 'conflict'],
  },
  'GET /api/stores/': { summary: 'List the stores', errors: [] },
  'GET /api/stores/:code': { summary: 'One store by its code', errors: ['not_found'] },
  'PATCH /api/stores/:code': {
    summary: 'Change a store (admin)',
    description: '`hours` replaces the business hours as a whole (null clears them); refusals name the field under `body.hours` with a code (docs/business-hours.md).',
    errors: ['forbidden', 'not_found', 'conflict'],
  },
  'DELETE /api/stores/:code': {
    summary: 'Delete a store that no user belongs to (admin)',
    errors: ['forbidden', 'not_found', 'conflict'],
  },
  'GET /api/stores/:code/usage': {
    summary: 'What deleting a store removes and leaves, and the users who must move first (admin)',
    description: 'Its prefixes are removed; its calls, visits, call-backs and customers stay without a store; its users block the delete (409).',
    errors: ['forbidden', 'not_found'],
  },

  // customers
  'POST /api/customers/': { summary: 'Register a customer', errors: ['invalid_phone', 'conflict'] },
  'GET /api/customers/': {
    summary: 'Search customers by name, kana or phone number',
    errors: ['invalid_phone'],
  },
  'GET /api/customers/:id': { summary: 'One customer with phones and home store', errors: ['not_found'] },
  'PATCH /api/customers/:id': {
    summary: 'Change a customer (clearing every phone needs customers:clear-phones)',
    errors: ['forbidden', 'not_found', 'invalid_phone', 'conflict'],
  },
  'DELETE /api/customers/:id': { summary: 'Delete a customer (admin)', errors: ['forbidden', 'not_found'] },
  'GET /api/customers/:id/usage': {
    summary: 'What deleting a customer removes (memos, visits) and leaves unlinked (calls, call-backs) (admin)',
    errors: ['forbidden', 'not_found'],
  },
  'GET /api/customers/duplicates': { summary: 'Customers that look like the same person (same phone or name)', errors: [] },
  'POST /api/customers/:id/merge': {
    summary: 'Merge another customer into this one (admin)',
    description: 'The source\'s phones, memos, visits and calls move to the target; the source is deleted.',
    errors: ['forbidden', 'not_found', 'conflict'],
  },
  'GET /api/customers/:id/merges': { summary: 'The merges into a customer, newest first', errors: ['not_found'] },
  'POST /api/customers/import': {
    summary: 'Import customers from a CSV file (admin)',
    description:
      'The body is the CSV file (UTF-8 or Shift_JIS). `dryRun=true` checks and counts every row and writes nothing. ' +
      'With `Accept: application/x-ndjson` the answer streams progress lines, then the result.',
    errors: ['forbidden', 'csv_limit_exceeded', 'payload_too_large'],
  },
  'GET /api/customers/export': { summary: 'Export every customer as CSV (admin)', errors: ['forbidden'] },
  'GET /api/customers/:id/calls': { summary: 'A customer\'s calls, newest first', errors: ['not_found'] },

  // memos
  'GET /api/customers/:id/memos/': { summary: 'A customer\'s memos, pinned first, then newest first', errors: ['not_found'] },
  'POST /api/customers/:id/memos/': { summary: 'Write a memo about a customer', errors: ['not_found'] },
  'PATCH /api/customers/:id/memos/:memoId': { summary: 'Change or pin a memo (its text: its author or an admin)', errors: ['forbidden', 'not_found'] },
  'DELETE /api/customers/:id/memos/:memoId': { summary: 'Delete a memo (its author or an admin)', errors: ['forbidden', 'not_found'] },

  // visits
  'GET /api/customers/:id/visits/': { summary: 'A customer\'s visits, newest first', errors: ['not_found'] },
  'POST /api/customers/:id/visits/': { summary: 'Record a visit (store, date, amount in yen)', errors: ['forbidden', 'not_found'] },
  'GET /api/customers/:id/visits/summary': { summary: 'Visit count, total spent and last visit of a customer', errors: ['not_found'] },
  'PATCH /api/customers/:id/visits/:visitId': { summary: 'Change a visit', errors: ['forbidden', 'not_found'] },
  'DELETE /api/customers/:id/visits/:visitId': { summary: 'Delete a visit', errors: ['forbidden', 'not_found'] },

  // calls
  'GET /api/calls/active': { summary: 'Calls ringing or in progress that you may see', errors: [] },
  'GET /api/calls/': { summary: 'Call history, filtered by store, state, customer, test flag and time', errors: ['forbidden'] },
  'GET /api/calls/:callId': { summary: 'One call with its caller, memos and visits (the card\'s details)', errors: ['not_found'] },
  'POST /api/calls/:callId/customer': {
    summary: 'Link a call\'s caller to an existing customer, or register a new one from the call',
    errors: ['not_found', 'invalid_phone', 'conflict'],
  },
  'POST /api/calls/outbound': {
    summary: 'Place a call through Dialpad (click-to-call); Dialpad rings your app first',
    description:
      'Answers 202 once Dialpad accepted the call. With `callbackId` the call is an attempt of that call-back task (409 conflict once the task is closed); ' +
      'a refusal is kept on the attempt with its code and the task stays open.',
    errors: [
      'forbidden',
      'invalid_phone',
      'not_found',
      'conflict',
      'dialpad_user_not_linked',
      'dialpad_user_busy',
      'dialpad_rate_limited',
      'dialpad_not_configured',
      'dialpad_unreachable',
      'dialpad_refused',
    ],
  },
  'POST /api/calls/:callId/memos/': { summary: 'Write a memo during or after a call', errors: ['not_found'] },
  'PUT /api/calls/:callId/purpose': {
    summary: 'Tag a call with why they called (purposeId null clears it)',
    description: 'Anyone who can see the call, during it or after; an archived or unknown purpose is 400 with code unknown_purpose. Screens showing the call get call_updated.',
    errors: ['not_found'],
  },

  // call purposes (server/purposes/)
  'GET /api/call-purposes/': { summary: 'The chain’s list of call purposes, archived ones included', errors: [] },
  'POST /api/call-purposes/': { summary: 'Add a call purpose (admin)', errors: ['forbidden', 'conflict'] },
  'PATCH /api/call-purposes/:id': { summary: 'Rename, reorder, archive or restore a call purpose (admin)', errors: ['forbidden', 'not_found', 'conflict'] },

  // reports (server/reports/)
  'GET /api/reports/calls': {
    summary: 'Calls per store and Asia/Tokyo day: answered, missed, after hours, call-backs reached, purposes',
    description: 'JSON, or CSV with `Accept: text/csv` or `?format=csv` (UTF-8 with BOM; `?encoding=shift_jis`). At most 366 days; staff get their own store only.',
    errors: ['forbidden'],
  },

  // callbacks
  'GET /api/callbacks/': {
    summary: 'The call-back queue: missed calls to return',
    description: '`queue=regular` is 折り返し待ち (missed while the store was open), `queue=after_hours` the calls missed while it was closed (see docs/business-hours.md); open tasks oldest first call first.',
    errors: ['forbidden'],
  },
  'PATCH /api/callbacks/:id': { summary: 'Work a call-back: mark it done, reopen it, take or assign it', errors: ['forbidden', 'not_found'] },

  // dialpad
  'POST /api/dialpad/webhook': {
    summary: 'Receive a Dialpad call event',
    errors: ['malformed_body', 'stale_event', 'invalid_signature', 'webhook_not_configured', 'payload_too_large', 'overloaded', 'not_ready'],
  },
  'POST /api/dialpad/test-call': {
    summary: 'Send a test call to a store (テスト着信): a card pops as for a real call',
    description: 'Off in production unless CTI_ENABLE_TEST_CALL=true (then 404 not_found).',
    errors: ['forbidden', 'not_found', 'invalid_phone'],
  },
  'POST /api/dialpad/test-call/:callId/end': { summary: 'End a test call', errors: ['not_found'] },
  'GET /api/dialpad/status': { summary: 'Dialpad connection status: webhook deliveries and API key (admin)', errors: ['forbidden'] },

  // blocked numbers (server/blocked-numbers/)
  'GET /api/blocked-numbers/': { summary: 'Numbers blocked in Dialpad from here (admin)', errors: ['forbidden'] },
  'POST /api/blocked-numbers/': {
    summary: 'Block a number company-wide in Dialpad (admin): its calls no longer ring, and are kept in history as blocked',
    description: 'Dialpad is asked first; the number is recorded only once Dialpad accepted it. 409 conflict when it is blocked already.',
    errors: ['forbidden', 'invalid_phone', 'not_found', 'conflict', 'dialpad_not_configured', 'dialpad_unreachable', 'dialpad_rate_limited', 'dialpad_refused'],
  },
  'DELETE /api/blocked-numbers/:number': {
    summary: 'Unblock a number in Dialpad (admin); `:number` is E.164 (URL-encoded) or national',
    errors: ['forbidden', 'invalid_phone', 'dialpad_not_configured', 'dialpad_unreachable', 'dialpad_rate_limited', 'dialpad_refused'],
  },
};
