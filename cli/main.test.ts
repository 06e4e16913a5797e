import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cti } from '../test/support/run-cli';

const LEVELS = [
  [],
  ['dialpad'],
  ['dialpad', 'setup'],
  ['dialpad', 'status'],
  ['dialpad', 'teardown'],
  ['simulate'],
  ['users'],
  ['users', 'add'],
  ['users', 'list'],
  ['users', 'disable'],
  ['db'],
  ['db', 'migrate'],
];

describe('cti', () => {
  it.each(LEVELS)('has --help at every level: %j', async (...command: string[]) => {
    const result = await cti([...command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: cti${command.map((c) => ` ${c}`).join('')} `));
    expect(result.stderr).toBe('');
  });

  it('shows the help of a command group run without its subcommand, as a usage error', async () => {
    const result = await cti(['dialpad']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: cti dialpad');
  });

  it('refuses an unknown command or option with exit code 2', async () => {
    const command = await cti(['frobnicate']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("cti: unknown command 'frobnicate'");
    const option = await cti(['db', 'migrate', '--force']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("cti: unknown option '--force'");
  });

  it('explains an invalid environment without a stack trace', async () => {
    const result = await cti(['db', 'migrate'], { DATABASE_URL: 'mysql://nope', PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cti: the environment is not valid:\n {2}- DATABASE_URL: /);
  });

  it('runs as the package bin (node cli/cti.js)', () => {
    const bin = fileURLToPath(new URL('./cti.js', import.meta.url));
    const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: cti \[options\] \[command\]/);
    expect(result.stdout).toContain('dialpad');
  });
});
