import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PhoneInput, PhoneLabel } from '../../common/customers';
import { toE164 } from '../../common/phone';
import type { Executor } from '../db/client';
import { AppError, badRequest } from '../http/errors';
import { customersRepository } from './repository';
import type { PhoneRow } from './rows';

/** A label for a number given without one: Japanese mobiles (070/080/090) are "mobile". */
function defaultLabel(e164: string): PhoneLabel {
  return parsePhoneNumberFromString(e164)?.getType() === 'MOBILE' ? 'mobile' : 'other';
}

/**
 * Phones as written → E.164 with labels, in the order given; a number given twice is kept once
 * (its first label wins). Throws 400 invalid_phone naming the first entry that cannot be a number.
 */
export function parsePhones(inputs: readonly PhoneInput[], field = 'body.phones'): PhoneRow[] {
  const seen = new Map<string, PhoneRow>();
  inputs.forEach((input, i) => {
    const number = typeof input === 'string' ? input : input.number;
    const e164 = toE164(number);
    if (!e164) {
      const message = `${field}.${i}: "${number}" cannot be a phone number`;
      throw new AppError('invalid_phone', message, [{ field: `${field}.${i}`, message: 'Not a phone number', code: 'not_a_phone' }]);
    }
    if (!seen.has(e164)) seen.set(e164, { e164, label: (typeof input === 'string' ? undefined : input.label) ?? defaultLabel(e164) });
  });
  return [...seen.values()];
}

/** One number in any form (a query's `?phone=`) → E.164, or 400 invalid_phone naming the field. */
export function parsePhone(input: string, field: string): string {
  const e164 = toE164(input);
  if (!e164) throw new AppError('invalid_phone', `${field}: "${input}" cannot be a phone number`, [{ field, message: 'Not a phone number', code: 'not_a_phone' }]);
  return e164;
}

/** A home store code → its id (null clears it); 400 naming the field when no store has it. */
export async function resolveHomeStore(db: Executor, code: string | null): Promise<string | null> {
  if (code === null) return null;
  const store = await customersRepository.findStoreByCode(db, code);
  if (!store) {
    throw badRequest(`body.homeStoreCode: no store has the code "${code}"`, [{ field: 'body.homeStoreCode', message: 'Unknown store code', code: 'unknown' }]);
  }
  return store.id;
}
