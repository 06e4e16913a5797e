import type { LinkCreate } from '../../common/calls';
import type { PhoneLabel } from '../../common/customers';
import { callbacksRepository } from '../callbacks/repository';
import { parsePhones } from '../customers/input';
import { type CustomerValues, customersRepository, type PhoneRow } from '../customers/repository';
import { memosRepository } from '../memos/repository';
import type { Db, Executor } from '../db/client';
import { badRequest, notFound } from '../http/errors';
import { type CallWithStore, callsRepository } from './repository';

/** Who the caller turned out to be: a customer on file, or a new one (already validated). */
export type LinkTarget =
  | { kind: 'existing'; customerId: string }
  | {
      kind: 'new';
      values: CustomerValues & { createdBy: string };
      /** The form named no 担当店舗: the customer gets the store of the call being linked. */
      homeStoreFromCall: boolean;
      phones: PhoneRow[];
    };

/**
 * Reads `{customerId}` or `{create: {...}}` (the body of POST /api/customers) into a target. Bad
 * phones and unknown stores are refused here, before anything is written, naming the field.
 */
export async function linkTargetFrom(
  db: Executor,
  body: { customerId?: string | undefined; create?: LinkCreate | undefined },
  userId: string,
): Promise<LinkTarget> {
  if (body.create === undefined) return { kind: 'existing', customerId: body.customerId ?? '' };
  const { phones, homeStoreCode, ...values } = body.create;
  const parsedPhones = parsePhones(phones, 'body.create.phones');
  let homeStoreId: string | null = null;
  if (homeStoreCode !== undefined && homeStoreCode !== null) {
    const store = await customersRepository.findStoreByCode(db, homeStoreCode);
    if (!store) {
      throw badRequest(`body.create.homeStoreCode: no store has the code "${homeStoreCode}"`, [
        { field: 'body.create.homeStoreCode', message: 'Unknown store code', code: 'unknown' },
      ]);
    }
    homeStoreId = store.id;
  }
  return {
    kind: 'new',
    values: { ...values, cautionReason: values.caution ? values.cautionReason : '', homeStoreId, createdBy: userId },
    phones: parsedPhones,
    homeStoreFromCall: homeStoreCode === undefined,
  };
}

/** The caller's number as a phone to keep: E.164 only (a withheld number is not one), labelled as a new phone would be. */
function callerPhone(call: CallWithStore): { e164: string; label: PhoneLabel } | null {
  if (!call.externalNumber?.startsWith('+')) return null;
  return parsePhones([call.externalNumber])[0] ?? null;
}

/**
 * Links a call to its customer and keeps the caller's number on that customer (a new customer gets
 * it first among their phones), all in one transaction: an unknown call or customer, or any failure
 * half-way, leaves the call unlinked and nothing created. The call-back task the call opened, if
 * it was still nobody's, gets the customer too, and so do the memos written on the call while it was
 * unknown. Returns the call as it is now and the tasks changed.
 */
export async function linkCallToCustomer(db: Db, callId: string, target: LinkTarget): Promise<{ call: CallWithStore; callbackIds: string[] }> {
  return db.transaction(async (tx) => {
    const call = await callsRepository.lockCall(tx, callId);
    if (!call) throw notFound('Call');
    const phone = callerPhone(call);
    let customerId: string;
    if (target.kind === 'existing') {
      if (!(await customersRepository.getSummary(tx, target.customerId))) throw notFound('Customer');
      customerId = target.customerId;
    } else {
      const phones = phone ? [phone, ...target.phones.filter((p) => p.e164 !== phone.e164)] : target.phones;
      const homeStoreId = target.homeStoreFromCall ? call.storeId : target.values.homeStoreId;
      customerId = await customersRepository.create(tx, { ...target.values, homeStoreId }, phones);
    }
    await callsRepository.linkCustomer(tx, callId, customerId, phone);
    await memosRepository.attachCallMemos(tx, callId, customerId);
    const callbackIds = call.externalNumber ? await callbacksRepository.attachCustomer(tx, call.externalNumber, callId, customerId) : [];
    return { call: (await callsRepository.findById(tx, callId))!, callbackIds };
  });
}
