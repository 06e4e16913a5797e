import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { IMPORT_MODES, type ImportMode, type ImportResult } from '../common/customers';
import { loadConfig, loadDatabaseApi } from '../server/cli-api';
import { type CliIo, CliError, line } from './context';
import { withDatabase } from './database';

export function registerCustomers(program: Command, io: CliIo): void {
  const customers = program.command('customers').description('Customer records in the database (DATABASE_URL, or DATA_DIR/pglite with the server stopped).');

  customers
    .command('import')
    .description(
      'Import customers from a CSV file, UTF-8 or Shift_JIS as Excel saves it, with Japanese or English headers ' +
        '(氏名, フリガナ, 電話番号, メール, 生年月日, 店舗コード, タグ, 要注意, 要注意理由, 備考, 顧客ID or 会員番号); the store column takes a code or a name. ' +
        'Rows matching a customer by システムID (from an export), 顧客ID, or a number and the same name update that customer: running a file twice creates nobody twice. ' +
        'Exits 1 when any row failed; the other rows are imported.',
    )
    .argument('<file>', 'the CSV file')
    .option('--dry-run', 'check and count every row, write nothing')
    .addOption(modeOption('--notes <mode>', "an existing customer's 備考 when a row gives one: keep it, append the file's text (on a new line, unless already there) or replace it"))
    .addOption(modeOption('--tags <mode>', "an existing customer's tags when a row gives some: keep them, add the file's (a union) or replace them"))
    .action(async (file: string, options: ImportFlags) => importFile(io, file, options));
}

interface ImportFlags {
  dryRun?: boolean;
  notes: ImportMode;
  tags: ImportMode;
}

const modeOption = (flags: string, description: string) => new Option(flags, description).choices(IMPORT_MODES).default('append');

async function importFile(io: CliIo, file: string, flags: ImportFlags): Promise<void> {
  const dryRun = flags.dryRun === true;
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  // The database code takes a second or two to load: only loaded when this command runs.
  const { prepareCsvImport, runCsvImport } = await loadDatabaseApi();
  // A file that cannot be imported at all (empty, no name column) is refused before the database is opened.
  const prepared = await prepareCsvImport(bytes);
  const result = await withDatabase(io, (db) =>
    runCsvImport(db, prepared, {
      dryRun,
      userId: null,
      notes: flags.notes,
      tags: flags.tags,
      // As the server's import does: with DIALPAD_CONTACTS_SYNC the imported customers are queued for Dialpad.
      syncContacts: loadConfig(io.env).dialpadContactsSync,
      onProgress: ({ done, total }) => line(io.stderr, `${dryRun ? 'checked' : 'imported'} ${done} of ${total} rows`),
    }),
  );
  report(io, result);
  if (result.failed > 0) throw new CliError(`${result.failed} of ${result.total} rows failed${dryRun ? '' : ' and were not imported; the others were'}`);
}

/** The summary and every failing row on stdout (what a script keeps); progress went to stderr. */
function report(io: CliIo, result: ImportResult): void {
  const seconds = (result.durationMs / 1000).toFixed(1);
  line(io.stdout, `${result.dryRun ? 'dry run (nothing written): ' : ''}${result.total} rows read as ${result.encoding} in ${seconds} s`);
  line(io.stdout, `created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, failed ${result.failed}`);
  if (result.unknownHeaders.length > 0) line(io.stdout, `ignored columns (unknown headers): ${result.unknownHeaders.join(', ')}`);
  for (const f of result.failures) line(io.stdout, `row ${f.row}${f.column ? ` ${f.column}` : f.field ? ` ${f.field}` : ''}: ${f.message}`);
}
