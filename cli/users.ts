import { type Command, Option } from 'commander';
import { PASSWORD_MIN_LENGTH } from '../common/password-rule';
import type { CliIo } from './context';
import type { AddOptions, ResetOptions } from './users-actions';

/** The database code takes a second or two to load: only commands that use it pay for it. */
const actions = () => import('./users-actions');

export function registerUsers(program: Command, io: CliIo): void {
  const users = program
    .command('users')
    .description('Manage staff accounts directly in the database (DATABASE_URL, or DATA_DIR/pglite with the server stopped).');

  users
    .command('add')
    .description('Create a user. Without --password one is generated and printed once.')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'name shown to colleagues')
    .addOption(new Option('--role <role>', 'admin: everything; staff: their store').choices(['admin', 'staff']).makeOptionMandatory())
    .option('--store <code>', 'store code (required for staff)')
    .option('--password <password>', `at least ${PASSWORD_MIN_LENGTH} characters, not a common one (visible in shell history: prefer the generated one)`)
    .option('--dialpad-user-id <id>', "the user's Dialpad id, so calls ringing them reach their screen")
    .action(async (options: AddOptions) => (await actions()).addUser(io, options));

  users
    .command('list')
    .description('List every user.')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => (await actions()).listUsers(io, options.json === true));

  users
    .command('set-password')
    .description("Set a user's password and end their sign-ins. Without --password one is generated and printed once.")
    .argument('<email>', "the user's email")
    .option('--password <password>', `at least ${PASSWORD_MIN_LENGTH} characters, not a common one (visible in shell history: prefer the generated one)`)
    .action(async (email: string, options: { password?: string }) => (await actions()).setPassword(io, email, options.password));

  users
    .command('reset-password')
    .description(
      [
        'Get a locked-out user (an admin included) back in: a new password, generated and printed once unless --password-stdin.',
        'Every earlier sign-in ends, and the lock that wrong passwords put on the account no longer applies (on every node, at once).',
        'A disabled account stays disabled unless --enable is given. Safe while the server runs on DATABASE_URL;',
        'with the embedded database (DATA_DIR) stop the server first.',
      ].join('\n'),
    )
    .argument('<email>', "the user's email")
    .option('--password-stdin', 'read the new password from standard input (one line; nothing lands in shell history)')
    .option('--enable', 're-enable the account if it is disabled')
    .action(async (email: string, options: ResetOptions) => (await actions()).resetPassword(io, email, options));

  users
    .command('disable')
    .description('Disable a user: sign-in and API calls are refused from then on.')
    .argument('<email>', "the user's email")
    .action(async (email: string) => (await actions()).disableUser(io, email));
}
