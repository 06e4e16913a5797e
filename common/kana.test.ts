import { describe, expect, it } from 'vitest';
import { HIRAGANA, KATAKANA, normalizeForSearch, toHiragana } from './kana';

describe('normalizeForSearch', () => {
  it.each([
    ['やまだ はなこ', 'やまだはなこ'],
    ['ヤマダ ハナコ', 'やまだはなこ'],
    ['ﾔﾏﾀﾞ ﾊﾅｺ', 'やまだはなこ'],
    ['ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ', 'ぱぴぷぺぽ'],
    ['ｳﾞｧｲｵﾘﾝ', 'ゔぁいおりん'],
    ['山田　花子', '山田花子'],
    ['ジョン・スミス', 'じょんすみす'],
    ['ｼﾞｮﾝ･ｽﾐｽ', 'じょんすみす'],
    ['ＳＭＩＴＨ John', 'smithjohn'],
    ['ヨシダ\tケイ\n', 'よしだけい'],
    ['コーヒー', 'こーひー'],
    ['ｺｰﾋｰ', 'こーひー'],
    ['ヽヾヵヶ', 'ゝゞゕゖ'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(normalizeForSearch(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const s of ['ﾔﾏﾀﾞ ﾊﾅｺ', 'ＳＭＩＴＨ', '山田 花子', 'ヴ']) expect(normalizeForSearch(normalizeForSearch(s))).toBe(normalizeForSearch(s));
  });

  it('keeps kanji, digits and katakana without a hiragana twin', () => {
    expect(normalizeForSearch('髙橋１２３ヷ')).toBe('髙橋123ヷ');
  });
});

describe('kana tables', () => {
  it('pairs every katakana with its hiragana twin', () => {
    expect([...KATAKANA]).toHaveLength([...HIRAGANA].length);
    expect(toHiragana(KATAKANA)).toBe(HIRAGANA);
    expect(KATAKANA.startsWith('ァア')).toBe(true);
    expect(HIRAGANA.endsWith('ゖゝゞ')).toBe(true);
  });
});
