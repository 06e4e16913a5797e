import type { FastifyBaseLogger } from 'fastify';
import type { OutboundCallBody, OutboundCallResult, OutboundErrorCode } from '../../common/outbound';
import { maskPhone } from '../../common/phone';
import { authorize, can } from '../auth/policy';
import type { SessionUser } from '../auth/session';
import { attemptsRepository } from '../callbacks/attempts-repository';
import { presentCallback } from '../callbacks/presenter';
import { type CallbackRow, callbacksRepository } from '../callbacks/repository';
import type { Config } from '../config';
import { parsePhone } from '../customers/input';
import { customersRepository } from '../customers/repository';
import type { Db } from '../db/client';
import { DialpadApiError, DialpadClient } from '../dialpad/api-client';
import { AppError, badRequest, conflict, notFound } from '../http/errors';
import type { Realtime } from '../realtime/realtime';
import { storesRepository } from '../stores/repository';
import { encodeCustomData } from './outbound-custom-data';

/** A click should hear back quickly; Dialpad answers initiate_call in well under a second. */
const INITIATE_TIMEOUT_MS = 10_000;

export interface OutboundDeps {
  db: Db;
  config: Pick<Config, 'dialpadApiKey' | 'dialpadApiBase'>;
  realtime: Realtime;
  log: FastifyBaseLogger;
}

interface Origin {
  storeCode: string | null;
  outboundCallerId: string | null;
  officeId: string | null;
}

/** The task a call works: one the caller may work, still open, and this number's. */
async function taskFor(db: Db, user: SessionUser, callbackId: string, phone: string): Promise<CallbackRow> {
  const task = await callbacksRepository.findById(db, callbackId);
  if (!task || !can(user, 'callbacks:work', { storeCode: task.storeCode })) throw notFound('Call-back');
  if (task.status !== 'open') throw conflict('This call-back task is already closed');
  if (task.phone !== phone) {
    throw badRequest('phone is not the number of this call-back task', [{ field: 'phone', message: 'Not the number of this call-back task', code: 'not_task_phone' }]);
  }
  return task;
}

/** Whose number the customer sees: the task's store, else the store asked for, else the caller's own. */
async function originFor(db: Db, user: SessionUser, task: CallbackRow | null, storeCode: string | undefined): Promise<Origin> {
  const code = task ? task.storeCode : (storeCode ?? user.storeCode);
  const store = code ? await storesRepository.findByCode(db, code) : undefined;
  if (code && !store) throw notFound('Store');
  authorize(user, 'calls:place', { storeCode: store?.code ?? null });
  return { storeCode: store?.code ?? null, outboundCallerId: store?.outboundCallerId ?? null, officeId: store?.dialpadOfficeId ?? null };
}

const failure = (code: OutboundErrorCode, message: string, details?: unknown): AppError => new AppError(code, message, details);

/** Dialpad's refusal in plain words, under the code the web says in the user's language. */
function fromDialpad(err: unknown): AppError {
  if (!(err instanceof DialpadApiError)) throw err;
  if (err.status === null || err.status >= 500) return failure('dialpad_unreachable', `Dialpad could not be reached: ${err.message}`);
  if (err.status === 429) {
    return failure('dialpad_rate_limited', `Dialpad allows 5 calls a minute per user: wait ${err.retryAfterSeconds ?? 60} s`, { retryAfterSeconds: err.retryAfterSeconds });
  }
  if (/currently on a call/i.test(err.message)) return failure('dialpad_user_busy', 'Dialpad says you are on a call: finish it first');
  if (err.status === 401 || err.status === 403) return failure('dialpad_not_configured', `Dialpad refused the API key: ${err.message}`);
  return failure('dialpad_refused', `Dialpad refused the call: ${err.message}`);
}

/**
 * Click-to-call: asks Dialpad to ring the signed-in user's Dialpad app and dial the number from the
 * store's number. A call for a task starts an attempt before Dialpad is asked (its events find it
 * by custom_data); every failure is kept on that attempt with its code, and the task stays open.
 */
export async function placeOutboundCall(deps: OutboundDeps, user: SessionUser, body: OutboundCallBody): Promise<OutboundCallResult> {
  const phone = parsePhone(body.phone, 'phone');
  const task = body.callbackId ? await taskFor(deps.db, user, body.callbackId, phone) : null;
  if (body.customerId && !(await customersRepository.findById(deps.db, body.customerId))) throw notFound('Customer');
  const origin = await originFor(deps.db, user, task, body.storeCode);
  const attemptId = task ? await attemptsRepository.start(deps.db, { callbackId: task.id, userId: user.id }) : null;
  try {
    await initiate(deps, user, phone, origin, {
      userId: user.id,
      callbackId: task?.id ?? null,
      attemptId,
      customerId: body.customerId ?? task?.customerId ?? null,
    });
  } catch (err) {
    const error = err instanceof AppError ? err : fromDialpad(err);
    if (attemptId) await attemptsRepository.fail(deps.db, attemptId, error.code);
    deps.log.warn({ code: error.code, to: maskPhone(phone), callbackId: task?.id }, 'Outbound call not placed');
    if (task) await publishTask(deps, task.id);
    throw error;
  }
  deps.log.info({ to: maskPhone(phone), store: origin.storeCode, callbackId: task?.id }, 'Outbound call placed');
  if (task) await publishTask(deps, task.id);
  return { status: 'placing', phoneE164: phone, storeCode: origin.storeCode, callbackId: task?.id ?? null, attemptId };
}

async function initiate(deps: OutboundDeps, user: SessionUser, phone: string, origin: Origin, data: Parameters<typeof encodeCustomData>[0]): Promise<void> {
  const apiKey = deps.config.dialpadApiKey;
  if (!apiKey) throw failure('dialpad_not_configured', 'Calling out needs DIALPAD_API_KEY on the server');
  if (!user.dialpadUserId) throw failure('dialpad_user_not_linked', 'No Dialpad user is linked to this account: an admin sets it on the user');
  const client = new DialpadClient({ apiKey, baseUrl: deps.config.dialpadApiBase, timeoutMs: INITIATE_TIMEOUT_MS });
  await client.initiateCall(user.dialpadUserId, {
    phone_number: phone,
    outbound_caller_id: origin.outboundCallerId,
    group_id: origin.officeId,
    custom_data: encodeCustomData(data),
  });
}

async function publishTask(deps: OutboundDeps, id: string): Promise<void> {
  const row = await callbacksRepository.findById(deps.db, id);
  if (row) deps.realtime.publish('callback_updated', presentCallback(row), { storeCode: row.storeCode, userIds: [] });
}
