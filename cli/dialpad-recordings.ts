import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, loadDatabaseApi } from '../server/cli-api';
import { type CliIo, CliError, line } from './context';
import { withDatabase } from './database';

/** The call states whose events carry the voicemail and recording links (setup subscribes to them). */
export const MEDIA_STATES = ['voicemail_uploaded', 'recording'] as const;

/**
 * Part of `cti dialpad status`: when this server's database is here (DATABASE_URL, or the PGlite
 * folder under DATA_DIR), says how many calls of the last 7 days had voicemail or recording events
 * without any link, which Dialpad does when the API key lacks the recordings_export scope.
 * A database that cannot be opened (the server holds PGlite) is a note, not a failure.
 */
export async function reportMissingRecordingLinks(io: CliIo): Promise<void> {
  const config = loadConfig(io.env);
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'pglite'))) return;
  const api = await loadDatabaseApi();
  let missing: { calls: number };
  try {
    missing = await withDatabase(io, (db) => api.recentCallsMissingLinks(db));
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    line(io.stderr, `Voicemail and recording links: not checked (${err.message}); GET /api/dialpad/status reports them while the server runs.`);
    return;
  }
  const days = api.MISSING_LINKS_WINDOW_MS / (24 * 3600 * 1000);
  if (missing.calls === 0) {
    line(io.stdout, `Voicemail and recording links: no call of the last ${days} days is missing one.`);
    return;
  }
  line(io.stdout, `Voicemail and recording links: ${missing.calls} call${missing.calls === 1 ? '' : 's'} of the last ${days} days had voicemail or recording events without any link.`);
  line(io.stderr, 'Dialpad leaves the links out when the API key lacks the recordings_export scope: create a key with it (Admin settings > Authentication > API keys) and run "cti dialpad setup" again with that key.');
}
