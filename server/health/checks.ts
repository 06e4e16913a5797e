/** One dependency /readyz asks about. */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; throws (or takes too long) when it does not. */
  check(): Promise<void>;
  /**
   * Whether a failure makes this node not ready (503). A dependency every node shares, whose loss
   * would take all of them out of the load balancer at once while each could still do useful work
   * alone (Redis), is reported without failing the node.
   */
  critical: boolean;
}

export type CheckResult = 'ok' | 'failed' | 'timeout';

/** Long enough for a busy database, short enough to answer a load balancer's probe in time. */
export const CHECK_TIMEOUT_MS = 2_000;

export function databaseCheck(database: { ping(): Promise<void> }): ReadinessCheck {
  return { name: 'database', critical: true, check: () => database.ping() };
}

export function redisCheck(redis: { ping(): Promise<void> }): ReadinessCheck {
  return { name: 'redis', critical: false, check: () => redis.ping() };
}

async function runOne(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([check.check().then((): CheckResult => 'ok'), timeout]);
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check at once; `ready` is false when a critical one did not answer. */
export async function runChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<{ ready: boolean; results: Record<string, CheckResult>; failed: string[] }> {
  const outcomes = await Promise.all(checks.map(async (c) => [c, await runOne(c, timeoutMs)] as const));
  const results = Object.fromEntries(outcomes.map(([c, r]) => [c.name, r]));
  const failed = outcomes.filter(([c, r]) => c.critical && r !== 'ok').map(([c]) => c.name);
  return { ready: failed.length === 0, results, failed };
}
