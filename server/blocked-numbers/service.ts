import type { FastifyBaseLogger } from 'fastify';
import type { BlockedNumberView, BlockNumberBody } from '../../common/blocked-numbers';
import { maskPhone } from '../../common/phone';
import { authorize } from '../auth/policy';
import type { SessionUser } from '../auth/session';
import type { Config } from '../config';
import { parsePhone } from '../customers/input';
import { customersRepository } from '../customers/repository';
import type { Db } from '../db/client';
import { DialpadApiError, DialpadClient } from '../dialpad/api-client';
import { addBlockedNumbers, removeBlockedNumbers } from '../dialpad/blocked-numbers';
import { AppError, conflict, notFound } from '../http/errors';
import { presentBlockedNumber } from './presenter';
import { blockedNumbersRepository } from './repository';

/** An admin clicking ブロック should hear back quickly; Dialpad answers these in well under a second. */
const DIALPAD_TIMEOUT_MS = 10_000;

export interface BlockingDeps {
  db: Db;
  config: Pick<Config, 'dialpadApiKey' | 'dialpadApiBase'>;
  log: FastifyBaseLogger;
}

function clientFor(config: BlockingDeps['config']): DialpadClient {
  if (!config.dialpadApiKey) throw new AppError('dialpad_not_configured', 'Blocking numbers needs DIALPAD_API_KEY on the server');
  return new DialpadClient({ apiKey: config.dialpadApiKey, baseUrl: config.dialpadApiBase, timeoutMs: DIALPAD_TIMEOUT_MS });
}

/** Dialpad's refusal under the code the web says in the user's language; its reason stays in the message. */
function fromDialpad(err: unknown): AppError {
  if (!(err instanceof DialpadApiError)) throw err;
  if (err.status === null || err.status >= 500) return new AppError('dialpad_unreachable', `Dialpad could not be reached: ${err.message}`);
  if (err.status === 429) {
    return new AppError('dialpad_rate_limited', `Dialpad asks to wait ${err.retryAfterSeconds ?? 60} s`, { retryAfterSeconds: err.retryAfterSeconds });
  }
  if (err.status === 401 || err.status === 403) return new AppError('dialpad_not_configured', `Dialpad refused the API key: ${err.message}`);
  return new AppError('dialpad_refused', `Dialpad refused: ${err.message}`);
}

async function callDialpad(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    throw fromDialpad(err);
  }
}

/**
 * Blocks a number company-wide in Dialpad, then records it: the row exists only once Dialpad said
 * yes, so this list never claims a block Dialpad does not have. Without `customerId` the number's
 * only customer, if it has exactly one, is named on the row.
 */
export async function blockNumber(deps: BlockingDeps, user: SessionUser, body: BlockNumberBody): Promise<BlockedNumberView> {
  authorize(user, 'numbers:block');
  const e164 = parsePhone(body.number, 'body.number');
  if (body.customerId && !(await customersRepository.findById(deps.db, body.customerId))) throw notFound('Customer');
  if (await blockedNumbersRepository.findByE164(deps.db, e164)) {
    throw conflict('This number is blocked already', [{ field: 'body.number', message: 'Blocked already', code: 'taken' }]);
  }
  const client = clientFor(deps.config);
  await callDialpad(() => addBlockedNumbers(client, [e164]));
  const owners = body.customerId ? [] : await customersRepository.findSummariesByPhone(deps.db, e164);
  const customerId = body.customerId ?? (owners.length === 1 ? owners[0]!.id : null);
  // Blocked twice at once: Dialpad holds it either way, and the first row stands.
  await blockedNumbersRepository.insert(deps.db, { e164, reason: body.reason ?? '', customerId, blockedBy: user.id });
  deps.log.info({ number: maskPhone(e164), by: user.id }, 'Number blocked in Dialpad');
  return presentBlockedNumber((await blockedNumbersRepository.findByE164(deps.db, e164))!);
}

/**
 * Unblocks a number in Dialpad, then forgets it. A number blocked in Dialpad itself (not here) is
 * unblocked too: Dialpad's list is the one that turns calls away.
 */
export async function unblockNumber(deps: BlockingDeps, user: SessionUser, number: string): Promise<void> {
  authorize(user, 'numbers:block');
  const e164 = parsePhone(number, 'params.number');
  const client = clientFor(deps.config);
  await callDialpad(() => removeBlockedNumbers(client, [e164]));
  await blockedNumbersRepository.deleteByE164(deps.db, e164);
  deps.log.info({ number: maskPhone(e164), by: user.id }, 'Number unblocked in Dialpad');
}
