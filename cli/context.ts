/** What a command may touch: injected, so tests run the CLI in-process and read what it wrote. */
export interface Output {
  write(chunk: string): unknown;
}

export interface CliIo {
  /** Results: what a script would capture (`cti dialpad setup >> .env`). */
  stdout: Output;
  /** Explanations, progress and warnings for the person at the terminal. */
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /** What a command reads piped in (`--password-stdin`); process.stdin when not given. */
  stdin?: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
}

/** A failure the user can fix; `cti: <message>` is printed and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line itself is wrong (exit code 2, like commander's own usage errors). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/** Writes one line to a stream. */
export function line(out: Output, text = ''): void {
  out.write(`${text}\n`);
}

/** Parses a non-negative number option (commander hands over strings). */
export function parseSeconds(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${name} must be a number of seconds, not "${value}"`);
    return n;
  };
}

/** Parses a positive integer option. */
export function parsePositiveInt(name: string, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < 1 || n > max) throw new UsageError(`${name} must be a whole number from 1 to ${max}, not "${value}"`);
    return n;
  };
}
