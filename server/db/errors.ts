/** What PostgreSQL (through pg or PGlite) said about a failed statement. */
export interface PgError {
  /** SQLSTATE (23505, 40001...) or a socket error code (ECONNREFUSED...). */
  code?: string;
  /** The constraint a violation names. */
  constraint?: string;
  message?: string;
}

/**
 * The driver's error under Drizzle's wrappers (DrizzleQueryError, whose message holds the query and
 * its parameters: never show it), or `undefined` when `err` is not an object.
 */
export function pgErrorOf(err: unknown): PgError | undefined {
  let cause = err;
  for (let i = 0; i < 5 && cause instanceof Error && cause.cause !== undefined; i++) cause = cause.cause;
  if (typeof cause !== 'object' || cause === null) return undefined;
  const { code, constraint, message } = cause as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof constraint === 'string' ? { constraint } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
}

/** A unique violation (23505), of `constraint` when one is given. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const pg = pgErrorOf(err);
  return pg?.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}

/** A serializable transaction lost a race (40001): trying again may succeed. */
export function isSerializationFailure(err: unknown): boolean {
  return pgErrorOf(err)?.code === '40001';
}
