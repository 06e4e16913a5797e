import { Command, CommanderError } from 'commander';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { ConfigError, DialpadApiError } from '../server/cli-api';
import { type CliIo, CliError, line } from './context';
import { registerCustomers } from './customers';
import { registerDb } from './database';
import { registerDialpad } from './dialpad';
import { registerSimulate } from './simulate';
import { registerUsers } from './users';

/** Builds a fresh command tree: commander keeps option values on the instances, so one run, one tree. */
function buildProgram(io: CliIo): Command {
  const program = new Command('cti')
    .description('Operate the CTI screen pop: connect Dialpad, simulate calls, manage users and the database.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'cti: ')),
    });
  // Subcommands created with .command() inherit the output and exit settings above.
  registerDialpad(program, io);
  registerSimulate(program, io);
  registerUsers(program, io);
  registerCustomers(program, io);
  registerDb(program, io);
  return program;
}

/**
 * Runs the cti command with `argv` (the arguments after `cti`) and returns the exit code:
 * 0 done, 1 failed (explained on stderr as `cti: <message>`), 2 the command line is wrong.
 */
export async function run(argv: string[], partial: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, ...partial };
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    return explain(err, io);
  }
}

function explain(err: unknown, io: CliIo): number {
  if (err instanceof CommanderError) {
    // --help asked for; anything else (unknown option, missing argument, a group run without its
    // subcommand) is a usage error that commander has already explained.
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
  }
  if (err instanceof CliError) {
    line(io.stderr, `cti: ${err.message}`);
    return err.exitCode;
  }
  if (err instanceof DialpadApiError) {
    line(io.stderr, `cti: ${err.message}`);
    for (const hint of dialpadHints(err)) line(io.stderr, `     ${hint}`);
    return 1;
  }
  if (err instanceof ConfigError) {
    line(io.stderr, `cti: the environment is not valid:`);
    for (const problem of err.problems) line(io.stderr, `  - ${problem}`);
    return 1;
  }
  // Drizzle's message lists the query's parameters (password hashes, emails): only the database's own reason is shown.
  if (err instanceof DrizzleQueryError) {
    line(io.stderr, `cti: the database refused the change: ${err.cause instanceof Error ? err.cause.message : 'unknown reason'}`);
    return 1;
  }
  // Unexpected: the message only; a stack trace would bury it for the operator.
  line(io.stderr, `cti: ${err instanceof Error ? err.message : String(err)}`);
  return 1;
}

function dialpadHints(err: DialpadApiError): string[] {
  if (err.status === 401) {
    return [
      'Check DIALPAD_API_KEY (Dialpad admin settings > API keys).',
      'A sandbox key works only with --sandbox, and a production key only without it.',
    ];
  }
  if (err.status === 403) return ['Only a company admin can manage webhooks: use a key created by one.'];
  return [];
}
