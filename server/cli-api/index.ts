/**
 * The one door from cli/ into the server: eslint.config.js keeps cli/ out of everything else, so
 * the CLI runs the same use cases as the API instead of reaching into repositories and routes.
 * What loads fast is exported here; the database-backed part comes from `loadDatabaseApi()`, since
 * it takes a second or two to load and `cti --help`, `simulate` and `dialpad` need none of it.
 */
export { ConfigError, loadConfig } from '../config';
export {
  DIALPAD_API_BASE,
  DIALPAD_CALL_STATES,
  DIALPAD_SANDBOX_API_BASE,
  DIALPAD_TARGET_TYPES,
  DialpadApiError,
  type DialpadCallSubscription,
  DialpadClient,
  type DialpadWebhook,
} from '../dialpad/api-client';
export type { Database, Db } from '../db/client';
export type { ContactSyncStatus } from '../dialpad/contacts/sync';
export { dataDirOf, type LocalServer, readLocalWebhookSecret, runningLocalServer, SERVER_FILE, WEBHOOK_SECRET_FILE } from '../local-state';

/** The database, the users use cases and the CSV import (see ./database.ts). */
export const loadDatabaseApi = () => import('./database');
