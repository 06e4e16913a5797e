import type { ImportFailure, ImportFailureCode, ImportMode, ImportRowChange, ImportRowPreview } from '../../../../../common/customers';
import { ApiError } from '../../../lib/api/http';
import type { MessageKey, Translate } from '../../../lib/i18n/i18n';

/** The customer fields an import names (changes and failures alike), as the screen labels them. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'customer.name',
  nameKana: 'customer.nameKana',
  phones: 'customer.phones',
  email: 'customer.email',
  birthday: 'customer.birthday',
  homeStore: 'customer.homeStore',
  homeStoreCode: 'customer.homeStore',
  tags: 'customer.tags',
  caution: 'customer.caution',
  cautionReason: 'customer.cautionReason',
  notes: 'customer.notes',
  externalId: 'customer.externalId',
  id: 'import.field.systemId',
};

/** A field's label; one the screen does not know by its column's name in the file. */
export function fieldLabel(t: Translate, field: string | null, column: string | null = null): string {
  const key = field ? FIELD_LABELS[field] : undefined;
  return key ? t(key) : (column ?? field ?? '');
}

/** Every failure code has its sentence (a new code fails to compile here until it is translated). */
const FAILURE_MESSAGES: Record<ImportFailureCode, MessageKey> = {
  undecodable_bytes: 'import.failure.undecodable_bytes',
  missing_name: 'import.failure.missing_name',
  invalid_phone: 'import.failure.invalid_phone',
  too_many: 'import.failure.too_many',
  invalid_email: 'import.failure.invalid_email',
  invalid_date: 'import.failure.invalid_date',
  date_in_future: 'import.failure.date_in_future',
  date_too_early: 'import.failure.date_too_early',
  unknown_store: 'import.failure.unknown_store',
  ambiguous_store: 'import.failure.ambiguous_store',
  too_long: 'import.failure.too_long',
  invalid_value: 'import.failure.invalid_value',
  external_id_taken: 'import.failure.external_id_taken',
  merged_customer: 'import.failure.merged_customer',
  not_saved: 'import.failure.not_saved',
};

const ENCODING_NAMES: Record<string, string> = { 'utf-8': 'UTF-8', shift_jis: 'Shift_JIS' };

/** "担当店舗: 「船橋」という店舗はありません…", in the reader's language from the code and its params (never the server's English). */
export function failureMessage(t: Translate, failure: ImportFailure): string {
  const params: Record<string, string | number> = { value: '', store: '', max: '', encoding: '', ...failure.params };
  if (typeof params.encoding === 'string') params.encoding = ENCODING_NAMES[params.encoding] ?? params.encoding;
  const sentence = t(FAILURE_MESSAGES[failure.code], params);
  return failure.field || failure.column ? `${fieldLabel(t, failure.field, failure.column)}: ${sentence}` : sentence;
}

/** A change's value as text for the table: 要注意 as はい/いいえ, none as a dash. */
export function changeValue(t: Translate, change: ImportRowChange, value: string | null): string {
  if (value === null || value === '') return '—';
  if (change.field === 'caution') return value === 'true' ? t('common.yes') : value === 'false' ? t('common.no') : value;
  return value;
}

export const ACTION_LABELS: Record<ImportRowPreview['action'], { key: MessageKey; color: string }> = {
  create: { key: 'import.action.create', color: 'teal' },
  update: { key: 'import.action.update', color: 'blue' },
  unchanged: { key: 'import.action.unchanged', color: 'gray' },
  fail: { key: 'import.action.fail', color: 'red' },
};

export const MODE_LABELS: Record<ImportMode, MessageKey> = {
  keep: 'import.mode.keep',
  append: 'import.mode.append',
  replace: 'import.mode.replace',
};

const LIMIT_MESSAGES: Record<string, MessageKey> = {
  columns: 'import.fileError.columns',
  cellChars: 'import.fileError.cellChars',
  rows: 'import.fileError.rows',
};

/** Why the whole file was refused (a 400 before any row was read), in the reader's language. */
export function fileErrorMessage(t: Translate, error: unknown): string {
  if (!(error instanceof ApiError)) return t('import.fileError.unreadable');
  const detail = Array.isArray(error.details) ? (error.details[0] as { field?: unknown; message?: unknown; limit?: unknown; max?: unknown; row?: unknown } | undefined) : undefined;
  switch (error.code) {
    case 'csv_limit_exceeded': {
      const key = typeof detail?.limit === 'string' ? LIMIT_MESSAGES[detail.limit] : undefined;
      return t(key ?? 'import.fileError.unreadable', { max: Number(detail?.max ?? 0).toLocaleString('ja-JP'), row: Number(detail?.row ?? 0) });
    }
    case 'payload_too_large':
      return t('import.fileError.tooLarge');
    case 'forbidden':
      return t('common.forbidden');
    case 'network_error':
      return t('import.fileError.network');
    case 'validation_failed':
      if (detail?.field === 'header.氏名') return t('import.fileError.noNameColumn');
      if (detail?.message === 'Empty file') return t('import.fileError.empty');
      if (detail?.message === 'No rows') return t('import.fileError.noRows');
      if (detail?.message === 'UTF-16 is not read') return t('import.fileError.utf16');
      return t('import.fileError.unreadable');
    default:
      return t('import.fileError.failed', { code: error.code });
  }
}
