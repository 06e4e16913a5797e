import { describe, expect, it } from 'vitest';
import { IMPORT_FAILURE_CODES, type ImportFailure } from '../../../../../common/customers';
import { ApiError } from '../../../lib/api/http';
import { translate, type Translate } from '../../../lib/i18n/i18n';
import { changeValue, failureMessage, fileErrorMessage } from './messages';

const ja: Translate = (key, params) => translate('ja', key, params);
const en: Translate = (key, params) => translate('en', key, params);

const failure = (over: Partial<ImportFailure>): ImportFailure => ({ row: 2, field: null, column: null, message: 'English', code: 'not_saved', ...over });

describe('failureMessage', () => {
  it('words every failure code in Japanese, its params filled, never with the server message', () => {
    for (const code of IMPORT_FAILURE_CODES) {
      const text = failureMessage(ja, failure({ code, field: 'phones', column: '携帯', params: { value: 'abc', store: '船橋', max: 10, encoding: 'shift_jis', customerId: 'c1' } }));
      expect(text, code).toMatch(/^電話番号: /);
      expect(text, code).not.toMatch(/[{}]|English/);
      expect(text, code).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      expect(failureMessage(en, failure({ code })), code).not.toBe(text);
    }
  });

  it('names the store, the file column when the field is not one the screen knows, and the encoding by its usual name', () => {
    expect(failureMessage(ja, failure({ code: 'unknown_store', field: 'homeStoreCode', column: '店舗', params: { store: '船橋店' } }))).toBe(
      '担当店舗: 「船橋店」という店舗コード・店舗名の店舗はありません',
    );
    expect(failureMessage(ja, failure({ code: 'too_long', field: 'shoeSize', column: '靴のサイズ', params: { max: 20 } }))).toBe('靴のサイズ: 20文字までです');
    expect(failureMessage(ja, failure({ code: 'undecodable_bytes', params: { encoding: 'shift_jis' } }))).toBe('Shift_JIS として読めない文字があります');
  });
});

describe('changeValue', () => {
  it('shows 要注意 as はい/いいえ and none as a dash', () => {
    expect(changeValue(ja, { field: 'caution', old: 'false', new: 'true' }, 'true')).toBe('はい');
    expect(changeValue(ja, { field: 'notes', old: null, new: 'x' }, null)).toBe('—');
    expect(changeValue(ja, { field: 'notes', old: null, new: 'x' }, 'x')).toBe('x');
  });
});

describe('fileErrorMessage', () => {
  it('says why a file was refused in Japanese', () => {
    expect(fileErrorMessage(ja, new ApiError(400, 'validation_failed', 'No name column', [{ field: 'header.氏名', message: 'Missing name column' }]))).toMatch(/氏名の列がありません/);
    expect(fileErrorMessage(ja, new ApiError(400, 'csv_limit_exceeded', 'x', [{ field: 'body', limit: 'columns', max: 200, row: 1 }]))).toBe(
      '列が多すぎます (200列まで、1行目)。何も取り込んでいません',
    );
    expect(fileErrorMessage(ja, new ApiError(413, 'payload_too_large', 'Too large'))).toMatch(/大きすぎます/);
  });
});
