// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../../../common/customers';
import { renderWithApp, stubFetch } from '../../../test/render';
import { ImportPage } from './ImportPage';

const dryRun = (notes: string): ImportResult => ({
  dryRun: true,
  encoding: 'shift_jis',
  total: 2,
  created: 0,
  updated: 1,
  unchanged: 0,
  failed: 1,
  failures: [{ row: 3, field: 'birthday', column: '誕生日', message: 'Must not be in the future', code: 'date_in_future', params: { value: '2999-01-01' } }],
  unknownHeaders: ['趣味', '血液型'],
  rows: [
    { row: 2, action: 'update', customerId: 'c1', name: '山田 花子', changes: [{ field: 'notes', old: '前回', new: notes }, { field: 'caution', old: 'false', new: 'true' }] },
    { row: 3, action: 'fail', customerId: null, name: '鈴木 三郎', changes: [] },
  ],
  rowsTruncated: false,
  durationMs: 3,
});

afterEach(cleanup);

describe('ImportPage', () => {
  it('runs the dry run on the chosen file, shows it in Japanese, and runs it again with the chosen mode', async () => {
    const { calls } = stubFetch({
      'POST /api/customers/import': () => dryRun(calls.at(-1)?.url.includes('notes=replace') ? '次回' : '前回\n次回'),
    });
    renderWithApp(<ImportPage />);
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    const file = new File([new Uint8Array([0x8e, 0x52])], '顧客.csv', { type: 'text/csv' });
    fireEvent.change(input, { target: { files: [file] } });

    const summary = await screen.findByTestId('import-summary');
    expect(summary.dataset.dryRun).toBe('true');
    expect(within(summary).getByText('全2行 · 文字コード: Shift_JIS')).toBeTruthy();
    expect(screen.getByTestId('import-count-updated').textContent).toBe('更新 1');
    expect(screen.getByTestId('import-unknown-headers').textContent).toBe('次の列は読み込みません: 趣味、血液型');
    const notes = () => screen.getAllByTestId('import-change').find((el) => el.dataset.field === 'notes')!.textContent;
    expect(notes()).toBe('備考: 前回 → 前回\n次回');
    expect(screen.getAllByTestId('import-change').find((el) => el.dataset.field === 'caution')!.textContent).toBe('注意フラグ: いいえ → はい');
    expect(screen.getByTestId('import-failure').textContent).toBe('誕生日: 「2999-01-01」は未来の日付です');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/api/customers/import?dryRun=true&notes=append&tags=append');
    expect(calls[0]!.init?.body).toBe(file);

    fireEvent.click(within(screen.getByTestId('import-mode-notes')).getByLabelText('置き換える'));
    await waitFor(() => expect(notes()).toBe('備考: 前回 → 次回'));
    expect(calls.map((c) => c.url)).toEqual(['/api/customers/import?dryRun=true&notes=append&tags=append', '/api/customers/import?dryRun=true&notes=replace&tags=append']);
  });

  it('says in Japanese why a file was refused', async () => {
    globalThis.fetch = () =>
      Promise.resolve(
        new Response(JSON.stringify({ error: 'validation_failed', message: 'The file is UTF-16 text', details: [{ field: 'body', message: 'UTF-16 is not read' }] }), { status: 400 }),
      );
    renderWithApp(<ImportPage />);
    fireEvent.change(document.querySelector('input[type="file"]')!, { target: { files: [new File(['x'], 'a.csv')] } });
    expect((await screen.findByTestId('import-file-error')).textContent).toContain('UTF-16 のテキストです');
    expect(screen.queryByTestId('import-summary')).toBeNull();
  });
});
