import type { Command } from 'commander';
import { type ContactSyncStatus, loadConfig, loadDatabaseApi } from '../server/cli-api';
import { type CliIo, CliError, line, type Output } from './context';
import { openCliDatabase } from './database';

/**
 * `cti dialpad contacts sync|status`: the first full push of customers to Dialpad's shared contacts,
 * and what the outbox holds. The sending is the server's worker (server/dialpad/contacts/), run here
 * until the queue is empty; on PostgreSQL, when a server already holds the sender's lease, this
 * command only watches it send.
 */

const BAR_WIDTH = 30;
/** Dialpad takes 100 contacts a minute: what a full push of many customers costs in time. */
const CONTACTS_PER_MINUTE = 100;

function isTty(out: Output): boolean {
  return 'isTTY' in out && out.isTTY === true;
}

/** `[█████░░░░░] 120/500`, redrawn in place on a terminal; elsewhere a line every tenth of the way. */
function progressReporter(out: Output, total: number): { update(done: number, failed: number): void; end(): void } {
  const tty = isTty(out);
  let lastTenth = -1;
  let drawn = false;
  return {
    update(done, failed) {
      const shown = Math.min(done, total);
      const ratio = total === 0 ? 1 : shown / total;
      const tail = `${shown}/${total} sent${failed > 0 ? `, ${failed} failed` : ''}`;
      if (tty) {
        const full = Math.round(ratio * BAR_WIDTH);
        out.write(`\r[${'█'.repeat(full)}${'░'.repeat(BAR_WIDTH - full)}] ${tail}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(ratio * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        line(out, tail);
      }
    },
    end() {
      if (drawn) out.write('\n');
    },
  };
}

function describeStatus(io: CliIo, status: ContactSyncStatus, enabled: boolean): void {
  const out = io.stdout;
  line(out, `Dialpad shared contacts: sync ${enabled ? 'on' : 'off (DIALPAD_CONTACTS_SYNC is not true)'}`);
  const oldest = status.oldestPendingAt ? `, oldest queued ${status.oldestPendingAt.toISOString()}` : '';
  line(out, `pending: ${status.pending}${status.retrying > 0 ? ` (${status.retrying} retrying after an error)` : ''}${oldest}`);
  line(out, `failed: ${status.failed}`);
  line(out, `sent in the last 24 h: ${status.sentLast24h}`);
  line(out, `never sent: ${status.unsynced}${status.unsynced > 0 ? ' (cti dialpad contacts sync queues them)' : ''}`);
  line(out, `sender: ${status.lease ? `${status.lease.holder} (lease until ${status.lease.expiresAt.toISOString()})` : 'none holds the lease'}`);
  if (status.failures.length === 0) return;
  line(out, `Failed (latest ${status.failures.length}; sent again when the customer next changes):`);
  for (const f of status.failures) {
    line(out, `  ${f.customerId}  ${f.op}  ${f.attempts} attempt${f.attempts === 1 ? '' : 's'}  ${f.at.toISOString()}  ${f.lastError ?? ''}`);
  }
}

async function sync(io: CliIo): Promise<void> {
  const config = loadConfig(io.env);
  if (!config.dialpadContactsSync) {
    throw new CliError(
      "DIALPAD_CONTACTS_SYNC is not true. Turn it on in the server's environment first (so every later change is sent too), then run this again.",
    );
  }
  // loadConfig refuses DIALPAD_CONTACTS_SYNC=true without a key; this keeps the type narrow.
  const apiKey = config.dialpadApiKey;
  if (!apiKey) throw new CliError('DIALPAD_API_KEY is not set');
  const api = await loadDatabaseApi();
  const { database, where } = await openCliDatabase(io);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    line(io.stderr, `database: ${database.kind} (${where}); Dialpad API: ${config.dialpadApiBase}`);
    const queued = await api.queueUnsyncedContacts(database.db);
    const before = await api.contactSyncStatus(database.db, 0);
    line(io.stderr, `queued ${queued} customer${queued === 1 ? '' : 's'} not yet in Dialpad; ${before.pending} to send in all`);
    if (before.pending > CONTACTS_PER_MINUTE) {
      line(io.stderr, `Dialpad takes ${CONTACTS_PER_MINUTE} a minute: about ${Math.ceil(before.pending / CONTACTS_PER_MINUTE)} minutes. Ctrl-C stops; running this again continues.`);
    }
    const progress = progressReporter(io.stderr, before.pending);
    const worker = api.contactWorkerFor(database, { apiKey, baseUrl: config.dialpadApiBase });
    let last = { pending: before.pending, failed: before.failed };
    await worker.drain((counts) => {
      last = counts;
      progress.update(before.pending - counts.pending, Math.max(0, counts.failed - before.failed));
    }, stop.signal);
    progress.end();
    const failedNow = last.failed - before.failed;
    if (stop.signal.aborted && last.pending > 0) {
      line(io.stdout, `stopped with ${last.pending} still to send: run "cti dialpad contacts sync" again to continue`);
      return;
    }
    line(io.stdout, `done: ${before.pending - last.pending} sent or settled, ${Math.max(0, failedNow)} failed, 0 pending`);
    if (last.failed > 0) throw new CliError(`${last.failed} contact${last.failed === 1 ? '' : 's'} failed: see "cti dialpad contacts status"`);
  } finally {
    process.removeListener('SIGINT', onSignal);
    await database.close();
  }
}

async function status(io: CliIo): Promise<void> {
  const config = loadConfig(io.env);
  const api = await loadDatabaseApi();
  const { database } = await openCliDatabase(io);
  try {
    describeStatus(io, await api.contactSyncStatus(database.db), config.dialpadContactsSync);
  } finally {
    await database.close();
  }
}

export function registerDialpadContacts(dialpad: Command, io: CliIo): void {
  const contacts = dialpad
    .command('contacts')
    .description("Customers as Dialpad shared contacts, so Dialpad's own apps show who calls (DIALPAD_CONTACTS_SYNC=true).");

  contacts
    .command('sync')
    .description('Queue every customer not yet in Dialpad and send the queue until it is empty (resumable; progress on stderr).')
    .action(() => sync(io));

  contacts
    .command('status')
    .description('What waits to be sent, what failed (with the error), what was sent in the last 24 hours, and who sends.')
    .action(() => status(io));
}
