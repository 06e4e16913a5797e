import type { PhoneLabel } from '../../../common/customers';
import { badRequest } from '../../http/errors';

/** What a CSV column can hold: the customer fields of the API, plus the id of the system the file came from. */
export type ImportField =
  | 'name'
  | 'nameKana'
  | 'phones'
  | 'email'
  | 'birthday'
  | 'homeStoreCode'
  | 'tags'
  | 'caution'
  | 'cautionReason'
  | 'notes'
  | 'externalId'
  /** This system's own id (the export's システムID): an exported row finds its customer again whatever was edited. */
  | 'id';

export interface CsvColumn {
  index: number;
  /** As written in the file, for messages. */
  header: string;
  field: ImportField;
  /** Phone columns named for a kind of number (携帯, 自宅) label their numbers so. */
  phoneLabel?: PhoneLabel;
}

/** The export's headers, in order; the import reads them back (each is also an alias below). */
export const EXPORT_COLUMNS: readonly (readonly [string, ImportField])[] = [
  ['氏名', 'name'],
  ['フリガナ', 'nameKana'],
  ['電話番号', 'phones'],
  ['メール', 'email'],
  ['生年月日', 'birthday'],
  ['店舗コード', 'homeStoreCode'],
  ['タグ', 'tags'],
  ['要注意', 'caution'],
  ['要注意理由', 'cautionReason'],
  ['備考', 'notes'],
  ['顧客ID', 'externalId'],
  ['システムID', 'id'],
];

/** Header spellings seen in Japanese shop systems and Excel sheets, compared after `headerKey`. */
const ALIASES: Record<Exclude<ImportField, 'phones'>, string[]> = {
  name: ['氏名', '名前', 'お名前', '顧客名', '会員名', 'name', 'fullname', 'customername'],
  nameKana: ['フリガナ', 'ふりがな', 'カナ', 'かな', '氏名カナ', '氏名フリガナ', 'フリガナ氏名', 'namekana', 'kana', 'furigana'],
  email: ['メール', 'メールアドレス', 'eメール', 'email', 'mail', 'emailaddress'],
  birthday: ['生年月日', '誕生日', 'birthday', 'birthdate', 'dateofbirth'],
  homeStoreCode: ['店舗', '店舗コード', '担当店舗', '所属店舗', 'homestore', 'homestorecode', 'store', 'storecode'],
  tags: ['タグ', 'tags', 'tag'],
  caution: ['要注意', 'caution'],
  cautionReason: ['要注意理由', '注意理由', 'cautionreason'],
  notes: ['備考', 'メモ', '備考欄', 'notes', 'note', 'memo'],
  externalId: ['顧客ID', '顧客番号', '顧客コード', '会員番号', '会員ID', 'externalid', 'customerid', 'memberid'],
  // Not "ID" alone: in another system's file that is its own id, an external id here.
  id: ['システムID', 'systemid'],
};

/** Phone headers; a trailing number is allowed (電話番号2, phone1). `null`: the label follows from the number. */
const PHONE_ALIASES: Record<string, PhoneLabel | null> = {
  電話番号: null,
  電話: null,
  tel: null,
  phone: null,
  phones: null,
  telephone: null,
  携帯: 'mobile',
  携帯電話: 'mobile',
  携帯番号: 'mobile',
  携帯電話番号: 'mobile',
  mobile: 'mobile',
  自宅: 'home',
  自宅電話: 'home',
  自宅電話番号: 'home',
  home: 'home',
  homephone: 'home',
  勤務先電話: 'work',
  勤務先電話番号: 'work',
  会社電話: 'work',
  work: 'work',
  workphone: 'work',
};

/** Width, case, spaces, underscores and brackets do not matter: "Name_Kana", "ＴＥＬ", "電話番号（携帯）" all read. */
function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-・.()[\]]/g, '');
}

const BY_KEY = new Map<string, ImportField>(
  Object.entries(ALIASES).flatMap(([field, names]) => names.map((n) => [headerKey(n), field as ImportField] as const)),
);

function phoneColumn(key: string): { label: PhoneLabel | undefined } | undefined {
  for (const candidate of [key, key.replace(/\d+$/, '')]) {
    if (Object.hasOwn(PHONE_ALIASES, candidate)) return { label: PHONE_ALIASES[candidate] ?? undefined };
  }
  // "電話番号携帯" (from 電話番号（携帯）) and the like: the kind named after the number.
  const inner = /^(電話番号|電話|tel|phone)(.+)$/.exec(key);
  if (inner && Object.hasOwn(PHONE_ALIASES, inner[2]!)) return { label: PHONE_ALIASES[inner[2]!] ?? undefined };
  return undefined;
}

/**
 * Maps a file's headers to fields. Headers nobody knows are returned to be reported (not an
 * error); a file without a name column is 400 naming what it has.
 */
export function mapHeaders(headers: readonly string[]): { columns: CsvColumn[]; unknownHeaders: string[] } {
  const columns: CsvColumn[] = [];
  const unknownHeaders: string[] = [];
  headers.forEach((header, index) => {
    if (header === '') return;
    const key = headerKey(header);
    const field = BY_KEY.get(key);
    if (field) return void columns.push({ index, header, field });
    const phone = phoneColumn(key);
    if (phone) return void columns.push({ index, header, field: 'phones', ...(phone.label ? { phoneLabel: phone.label } : {}) });
    unknownHeaders.push(header);
  });
  if (!columns.some((c) => c.field === 'name')) {
    const found = headers.filter((h) => h !== '').join(', ') || '(none)';
    throw badRequest(`No name column: name the column 氏名 (or 名前, お名前, name). Headers found: ${found}`, [
      { field: 'header.氏名', message: 'Missing name column' },
    ]);
  }
  return { columns, unknownHeaders };
}
