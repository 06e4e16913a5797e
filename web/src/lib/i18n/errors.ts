import { useCallback } from 'react';
import { API_ERROR_CODES, type ApiErrorCode, type DetailParams, type ErrorDetail } from '../../../../common/errors';
import { ApiError } from '../api/http';
import { passwordProblemText } from '../password';
import { type MessageKey, type Translate, useT } from './i18n';

/**
 * An error as a person reads it, in the current language: from the error's stable code and the
 * `details[]` it names (field, code, params), never the server's English `message`.
 */

const API_CODES = new Set<string>(API_ERROR_CODES);
const isApiCode = (code: string): code is ApiErrorCode => API_CODES.has(code);

/** The label key of a field path's last named part (`body.create.homeStoreCode` → homeStoreCode, `body.phones.0` → phone). */
const FIELD_KEYS: Record<string, MessageKey> = {
  code: 'errors.field.code',
  name: 'errors.field.name',
  nameKana: 'errors.field.nameKana',
  email: 'errors.field.email',
  password: 'errors.field.password',
  currentPassword: 'errors.field.currentPassword',
  newPassword: 'errors.field.newPassword',
  phone: 'errors.field.phone',
  phones: 'errors.field.phone',
  number: 'errors.field.phone',
  birthday: 'errors.field.birthday',
  homeStoreCode: 'errors.field.homeStoreCode',
  storeCode: 'errors.field.storeCode',
  role: 'errors.field.role',
  dialpadUserId: 'errors.field.dialpadUserId',
  dialpadOfficeId: 'errors.field.dialpadOfficeId',
  phonePrefixes: 'errors.field.phonePrefixes',
  amountYen: 'errors.field.amountYen',
  visitedAt: 'errors.field.visitedAt',
  menu: 'errors.field.menu',
  staffName: 'errors.field.staffName',
  note: 'errors.field.note',
  notes: 'errors.field.note',
  body: 'errors.field.body',
  tags: 'errors.field.tags',
  callId: 'errors.field.callId',
  customerId: 'errors.field.customerId',
  sourceId: 'errors.field.sourceId',
  cursor: 'errors.field.cursor',
  q: 'errors.field.q',
};

const SOURCES = new Set(['body', 'querystring', 'params', 'headers']);

/** A detail's path without where it came from (`body.`) or list positions: `body.phones.0` → [phones]. */
function fieldParts(field: string): string[] {
  const parts = field.split('.').filter((part) => part !== '' && !/^\d+$/.test(part));
  return SOURCES.has(parts[0] ?? '') ? parts.slice(1) : parts;
}

export interface ErrorTextOptions {
  /** A form's own words for its fields, by the API's field name (`name` is 店舗名 on the store form). */
  labels?: Partial<Record<string, string>>;
}

/** The label of a detail's field, or null when it names none a person would know (the whole body, an id in the path). */
function fieldLabel(t: Translate, field: string, options: ErrorTextOptions): string | null {
  const last = fieldParts(field).at(-1);
  if (last === undefined) return null;
  const own = options.labels?.[last];
  if (own !== undefined) return own;
  const key = FIELD_KEYS[last];
  return key ? t(key) : null;
}

/** English problems are worded to follow a label ("Email: already in use"); alone they start a sentence. */
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const numberText = (n: number | undefined): string => (n === undefined ? '' : n.toLocaleString('ja-JP'));

function sizeProblem(t: Translate, code: 'too_small' | 'too_big', params: DetailParams): string {
  const values = { minimum: numberText(params.minimum), maximum: numberText(params.maximum) };
  const exclusive = params.inclusive === false;
  switch (params.origin ?? '') {
    case 'string':
      if (code === 'too_small') return params.minimum === 1 ? t('errors.detail.required') : t('errors.detail.tooShort', values);
      return t('errors.detail.tooLong', values);
    case 'array':
    case 'set':
      return t(code === 'too_small' ? 'errors.detail.fewItems' : 'errors.detail.manyItems', values);
    case 'number':
    case 'int':
    case 'bigint':
      if (code === 'too_small') return t(exclusive ? 'errors.detail.above' : 'errors.detail.atLeast', values);
      return t(exclusive ? 'errors.detail.below' : 'errors.detail.atMost', values);
    default:
      return t('errors.detail.invalid');
  }
}

const FORMAT_KEYS: Record<string, MessageKey> = {
  store_code: 'errors.detail.format.store_code',
  phone_prefix: 'errors.detail.format.phone_prefix',
  email: 'errors.detail.format.email',
  datetime: 'errors.detail.format.datetime',
  date: 'errors.detail.format.date',
};

/** Codes that need nothing but their sentence. */
const PROBLEM_KEYS: Record<string, MessageKey> = {
  required: 'errors.detail.required',
  invalid_union: 'errors.detail.invalid',
  invalid_key: 'errors.detail.invalid',
  invalid_element: 'errors.detail.invalid',
  not_multiple_of: 'errors.detail.notInteger',
  invalid_value: 'errors.detail.choice',
  custom: 'errors.detail.check',
  taken: 'errors.detail.taken',
  unknown: 'errors.detail.unknown',
  not_a_phone: 'errors.detail.notAPhone',
  wrong_password: 'errors.detail.wrongPassword',
  same_customer: 'errors.detail.sameCustomer',
  not_a_date: 'errors.detail.notADate',
  too_early: 'errors.detail.tooEarly',
  in_future: 'errors.detail.inFuture',
  last_admin: 'errors.detail.lastAdmin',
  own_account: 'errors.detail.ownAccount',
};

/** What is wrong with one field, without its label; null for a code this app does not know. */
function problemText(t: Translate, detail: ErrorDetail & { code: string }): string | null {
  const params = detail.params ?? {};
  switch (detail.code) {
    case 'too_small':
    case 'too_big':
      return sizeProblem(t, detail.code, params);
    case 'invalid_type':
      return params.expected === 'int' ? t('errors.detail.notInteger') : t('errors.detail.invalid');
    case 'invalid_format': {
      const key = params.format === undefined ? undefined : FORMAT_KEYS[params.format];
      return t(key ?? 'errors.detail.invalid');
    }
    case 'unknown_field':
      return t('errors.detail.unknownField', { name: fieldParts(detail.field).at(-1) ?? detail.field });
    case 'password_too_short':
    case 'password_too_long':
    case 'password_too_common':
      return passwordProblemText(t, detail.code);
    default: {
      const key = PROBLEM_KEYS[detail.code];
      return key === undefined ? null : t(key);
    }
  }
}

/** The `details[]` of an API error that carry a code, as the API sends them. */
export function errorDetails(err: unknown): (ErrorDetail & { code: string })[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  return (err.details as unknown[]).flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { field, code, params } = item as { field?: unknown; code?: unknown; params?: unknown };
    if (typeof field !== 'string' || typeof code !== 'string') return [];
    return [{ field, code, ...(typeof params === 'object' && params !== null ? { params } : {}) }];
  });
}

/** One field's problem as a sentence: 「店舗コード: 既に使われています」. */
export function detailText(t: Translate, detail: ErrorDetail & { code: string }, options: ErrorTextOptions = {}): string | null {
  const problem = problemText(t, detail);
  if (problem === null) return null;
  const field = detail.code === 'unknown_field' ? null : fieldLabel(t, detail.field, options);
  return field ? t('errors.withField', { field, problem }) : sentence(problem);
}

/** The sentence for an error code alone (no field in mind). */
function codeText(t: Translate, err: ApiError): string {
  if (err.code === 'network_error') return t('errors.network');
  if (err.code === 'http_error') return t('errors.http', { status: err.status });
  if (isApiCode(err.code)) return t(`errors.code.${err.code}`);
  return t('errors.unknown', { code: err.code });
}

/** Anything a request or a screen threw, in the current language. */
export function errorText(t: Translate, err: unknown, options: ErrorTextOptions = {}): string {
  if (!(err instanceof ApiError)) return t('errors.unexpected');
  const fields = errorDetails(err)
    .map((detail) => detailText(t, detail, options))
    .filter((text): text is string => text !== null);
  return fields.length > 0 ? [...new Set(fields)].join(' / ') : codeText(t, err);
}

/**
 * The problems of the fields a form shows, in its own field names: `fieldMap` maps the API's
 * field (`body.code`) to the form's (`code`). Fields the form does not show are left to errorText.
 */
export function fieldErrors<F extends string>(t: Translate, err: unknown, fieldMap: Partial<Record<string, F>>): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const detail of errorDetails(err)) {
    const formField = fieldMap[detail.field] ?? fieldMap[detail.field.replace(/\.\d+(?=\.|$)/g, '')];
    const problem = formField === undefined ? null : problemText(t, detail);
    if (formField !== undefined && problem !== null && out[formField] === undefined) out[formField] = sentence(problem);
  }
  return out;
}

/** What a Mantine form (`useForm`) offers for showing an error under a field. */
export interface FieldErrorTarget<F extends string> {
  setFieldError: (field: F, error: string) => void;
}

/** Puts an API refusal's field problems under the form's fields; true when at least one was shown. */
export function applyFieldErrors<F extends string>(t: Translate, form: FieldErrorTarget<F>, err: unknown, fieldMap: Partial<Record<string, F>>): boolean {
  const errors = Object.entries(fieldErrors(t, err, fieldMap)) as [F, string][];
  for (const [field, message] of errors) form.setFieldError(field, message);
  return errors.length > 0;
}

/** `const errorText = useErrorText(); errorText(save.error)`: worded in the language the person chose. */
export function useErrorText(): (err: unknown, options?: ErrorTextOptions) => string {
  const t = useT();
  return useCallback((err: unknown, options?: ErrorTextOptions) => errorText(t, err, options), [t]);
}
