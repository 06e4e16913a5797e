import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../../../common/errors';
import { ApiError } from '../api/http';
import { errorMessagesEn, errorMessagesJa } from './error-messages';
import { applyFieldErrors, errorText, fieldErrors } from './errors';
import { type Language, translate, type Translate } from './i18n';

const tr = (language: Language): Translate => (key, params) => translate(language, key, params);
const ja = tr('ja');
const en = tr('en');

/** Letters of the English alphabet in a row: a Japanese sentence may hold a code or "CSV", never an English phrase. */
const ENGLISH_WORDS = /[A-Za-z]{3,}\s+[A-Za-z]{3,}/;

const storeCodeRefusal = new ApiError(400, 'validation_failed', 'body.code: must be 1 to 40 lowercase letters', [
  { field: 'body.code', message: 'must be 1 to 40 lowercase letters, digits or hyphens, e.g. nishifuna', code: 'invalid_format', params: { format: 'store_code', origin: 'string' } },
]);

describe('errorText', () => {
  it('words a validation error from its field and code, in Japanese and in English', () => {
    expect(errorText(ja, storeCodeRefusal)).toBe('店舗コード: 半角の小文字英字・数字・ハイフンで入力してください');
    expect(errorText(en, storeCodeRefusal)).toBe('Store code: use lowercase letters, digits and hyphens only');
  });

  it('words bounds from params', () => {
    const long = new ApiError(400, 'validation_failed', 'body.body: Too big', [{ field: 'body.body', message: 'Too big', code: 'too_big', params: { maximum: 4000, origin: 'string' } }]);
    expect(errorText(ja, long)).toBe('本文: 入力が長すぎます（最大 4,000 文字）');
    expect(errorText(en, long)).toBe('Text: too long (at most 4,000 characters)');
    const amount = new ApiError(400, 'validation_failed', 'x', [{ field: 'body.amountYen', code: 'too_big', params: { maximum: 100_000_000, origin: 'number' } }]);
    expect(errorText(ja, amount)).toBe('金額: 100,000,000 以下にしてください');
    const empty = new ApiError(400, 'validation_failed', 'x', [{ field: 'body.name', code: 'too_small', params: { minimum: 1, origin: 'string' } }]);
    expect(errorText(ja, empty, { labels: { name: '店舗名' } })).toBe('店舗名: 入力してください');
  });

  it('words a conflict on a field, and one on none', () => {
    const taken = new ApiError(409, 'conflict', 'A user with this email already exists', [{ field: 'body.email', message: 'A user with this email already exists', code: 'taken' }]);
    expect(errorText(ja, taken)).toBe('メールアドレス: 既に使われています');
    expect(errorText(en, taken)).toBe('Email: already in use');
    expect(errorText(ja, new ApiError(409, 'conflict', '3 user(s) still belong to store x'))).toBe('他のデータと重複しているため保存できません');
  });

  it('names an unknown store and a phone that cannot be read, several problems at once', () => {
    const err = new ApiError(400, 'validation_failed', 'x', [
      { field: 'body.homeStoreCode', message: 'Unknown store code', code: 'unknown' },
      { field: 'body.phones.1', message: 'Not a phone number', code: 'not_a_phone' },
    ]);
    expect(errorText(ja, err)).toBe('担当店舗: 登録されていません / 電話番号: 電話番号として読み取れません');
  });

  it('says the code of an error it does not know, never its English message', () => {
    const odd = new ApiError(418, 'teapot', 'I am a teapot and this is English');
    expect(errorText(ja, odd)).toBe('エラーが発生しました（teapot）');
    expect(errorText(en, odd)).toBe('Something went wrong (teapot)');
    // A detail code this app has never heard of falls back to the error's own sentence.
    const future = new ApiError(400, 'validation_failed', 'English words here', [{ field: 'body.name', message: 'English words here', code: 'brand_new_rule' }]);
    expect(errorText(ja, future)).toBe('入力内容を確認してください');
  });

  it('words the failures of the connection itself, and anything that is not an API error', () => {
    expect(errorText(ja, new ApiError(0, 'network_error', 'Failed to fetch'))).toBe('サーバーに接続できません。ネットワークを確認してください');
    expect(errorText(ja, new ApiError(503, 'storage_unavailable', 'The database is unavailable; try again shortly'))).toBe(
      'データベースに接続できません。しばらくしてからもう一度お試しください',
    );
    expect(errorText(ja, new ApiError(403, 'forbidden', 'You may not do this'))).toBe('この操作の権限がありません');
    expect(errorText(ja, new ApiError(502, 'http_error', 'HTTP 502'))).toBe('サーバーから予期しない応答がありました（HTTP 502）');
    expect(errorText(ja, new TypeError('x is undefined'))).toBe('予期しないエラーが発生しました。画面を再読み込みしてください');
  });

  it('has a Japanese and an English sentence for every code of the catalogue, the Japanese one in Japanese', () => {
    for (const code of API_ERROR_CODES) {
      const err = new ApiError(400, code, 'The English message the server sent');
      const jaText = errorText(ja, err);
      const enText = errorText(en, err);
      expect(jaText, code).not.toMatch(/（[a-z_]+）$/);
      expect(jaText, code).not.toMatch(ENGLISH_WORDS);
      expect(jaText, code).not.toBe(enText);
      expect(enText, code).not.toContain('The English message');
    }
  });

  it('never puts English in a Japanese text', () => {
    for (const [key, text] of Object.entries(errorMessagesJa)) {
      expect(text, key).not.toMatch(ENGLISH_WORDS);
      expect(errorMessagesEn[key as keyof typeof errorMessagesEn], key).not.toBe('');
    }
  });
});

describe('field errors', () => {
  const refusal = new ApiError(400, 'validation_failed', 'x', [
    { field: 'body.code', code: 'invalid_format', params: { format: 'store_code' } },
    { field: 'body.phonePrefixes.2', code: 'invalid_format', params: { format: 'phone_prefix' } },
    { field: 'body.elsewhere', code: 'required' },
  ]);
  const map = { 'body.code': 'code', 'body.phonePrefixes': 'prefixes' } as const;

  it('puts each problem under the form field it belongs to, without repeating the label', () => {
    expect(fieldErrors(ja, refusal, map)).toEqual({
      code: '半角の小文字英字・数字・ハイフンで入力してください',
      prefixes: '0 から始まる 2〜11 桁の数字で入力してください（例: 0501748）',
    });
  });

  it('sets them on a Mantine form and says whether it set any', () => {
    const set: Record<string, string> = {};
    const form = { setFieldError: (field: 'code' | 'prefixes', error: string) => void (set[field] = error) };
    expect(applyFieldErrors(en, form, refusal, map)).toBe(true);
    expect(set).toEqual({ code: 'Use lowercase letters, digits and hyphens only', prefixes: 'Use 2 to 11 digits starting with 0 (e.g. 0501748)' });
    expect(applyFieldErrors(en, form, new ApiError(403, 'forbidden', 'x'), map)).toBe(false);
  });
});
