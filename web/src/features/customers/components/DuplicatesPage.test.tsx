// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuplicateCustomer, DuplicateGroup, Page, Role } from '../../../lib/api/types';
import { sessionStore } from '../../../lib/session';
import { renderWithApp, stubFetch } from '../../../test/render';
import { DuplicatesPage } from './DuplicatesPage';

const phone = (national: string) => ({
  e164: `+81${national.slice(1)}`,
  national,
  display: `${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`,
  label: 'mobile' as const,
});

const member = (overrides: Partial<DuplicateCustomer> & Pick<DuplicateCustomer, 'id' | 'name'>): DuplicateCustomer => ({
  nameKana: '',
  phones: [],
  homeStore: null,
  tags: [],
  caution: false,
  updatedAt: '2026-11-20T03:00:00.000Z',
  counts: { memos: 0, visits: 0, calls: 0 },
  ...overrides,
});

const groups: DuplicateGroup[] = [
  {
    reason: 'phone',
    key: '09012345678',
    total: 2,
    customers: [
      member({ id: 'c-new', name: '山田 花子', nameKana: 'ヤマダ ハナコ', phones: [phone('09012345678')], homeStore: { code: 'kasai', name: '葛西店' }, counts: { memos: 3, visits: 1, calls: 2 } }),
      member({ id: 'c-old', name: '山田 はなこ', nameKana: 'ヤマダ ハナコ', phones: [phone('09012345678'), phone('0312345678')], updatedAt: '2025-04-01T03:00:00.000Z' }),
    ],
  },
  {
    reason: 'name',
    key: '佐藤 一郎',
    total: 2,
    customers: [
      member({ id: 'c-sato1', name: '佐藤 一郎', nameKana: 'サトウ イチロウ', phones: [phone('08011112222')] }),
      member({ id: 'c-sato2', name: '佐藤 一郎', nameKana: 'サトウ イチロウ' }),
    ],
  },
];

const list = (items: DuplicateGroup[]): Page<DuplicateGroup> => ({ items, nextCursor: null });

const signIn = (role: Role): void =>
  sessionStore.set({ token: 'tok', user: { id: 'u1', email: 'a@example.jp', name: 'A', role, storeCode: null, dialpadUserId: null, disabled: false } });

beforeEach(() => signIn('admin'));

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('DuplicatesPage', () => {
  it('lists each group with names, kana, formatted phones, home store and last update', async () => {
    stubFetch({ 'GET /api/customers/duplicates': list(groups) });
    renderWithApp(<DuplicatesPage />, { route: '/customers/duplicates' });

    const cards = await screen.findAllByTestId('duplicate-group');
    expect(cards).toHaveLength(2);
    const [byPhone, byName] = cards as [HTMLElement, HTMLElement];
    expect(within(byPhone).getByText('同じ電話番号')).toBeTruthy();
    // The group's key (national form from the API) and each member's numbers, as people read them.
    expect(within(byPhone).getAllByText('090-1234-5678')).toHaveLength(3);
    expect(within(byPhone).getByText('03-1234-5678')).toBeTruthy();
    expect(within(byPhone).getByText('山田 花子')).toBeTruthy();
    expect(within(byPhone).getByText('山田 はなこ')).toBeTruthy();
    expect(within(byPhone).getAllByText('ヤマダ ハナコ')).toHaveLength(2);
    expect(within(byPhone).getByText('葛西店')).toBeTruthy();
    expect(within(byPhone).getByText('2026/11/20')).toBeTruthy();
    expect(within(byPhone).getByText('2025/04/01')).toBeTruthy();
    expect(within(byPhone).getByText('メモ 3 · 来店 1 · 通話 2')).toBeTruthy();
    expect(within(byName).getByText('同じ氏名・フリガナ')).toBeTruthy();
    expect(within(byName).getByText('080-1111-2222')).toBeTruthy();
  });

  it('merges the chosen customer into the one kept, then refreshes the list', async () => {
    let merged = false;
    const { calls } = stubFetch({
      'GET /api/customers/duplicates': () => list(merged ? groups.slice(1) : groups),
      'POST /api/customers/c-new/merge': () => {
        merged = true;
        return { customer: { id: 'c-new' } };
      },
    });
    renderWithApp(<DuplicatesPage />, { route: '/customers/duplicates' });

    fireEvent.click(await screen.findByRole('button', { name: 'これを残して統合: 山田 花子' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('残す顧客: 山田 花子')).toBeTruthy();
    // Only the group's other member is offered, without a search.
    expect(within(dialog).getAllByRole('button', { name: /^この顧客に統合: / })).toHaveLength(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'この顧客に統合: 山田 はなこ' }));
    fireEvent.click(within(dialog).getByTestId('merge-confirm'));

    await waitFor(() => expect(screen.getAllByTestId('duplicate-group')).toHaveLength(1));
    const posts = calls.filter((c) => c.init?.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.url).toBe('/api/customers/c-new/merge');
    expect(posts[0]?.init?.body).toBe(JSON.stringify({ sourceId: 'c-old' }));
    expect(calls.filter((c) => c.url.startsWith('/api/customers/duplicates'))).toHaveLength(2);
    expect(calls.some((c) => c.url.startsWith('/api/customers?'))).toBe(false);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('says so when there are no possible duplicates, in Japanese and in English', async () => {
    stubFetch({ 'GET /api/customers/duplicates': list([]) });
    renderWithApp(<DuplicatesPage />, { route: '/customers/duplicates' });
    expect((await screen.findByTestId('duplicates-empty')).textContent).toBe('重複候補はありません');
    cleanup();

    localStorage.setItem('cti.language', 'en');
    renderWithApp(<DuplicatesPage />, { route: '/customers/duplicates' });
    expect((await screen.findByTestId('duplicates-empty')).textContent).toBe('No possible duplicates');
  });

  it('shows the error when the list cannot be loaded', async () => {
    stubFetch({});
    renderWithApp(<DuplicatesPage />, { route: '/customers/duplicates' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('重複候補を読み込めませんでした');
  });

  it('lets staff look but not merge', async () => {
    signIn('staff');
    stubFetch({ 'GET /api/customers/duplicates': list(groups) });
    renderWithApp(<DuplicatesPage />, { route: '/customers/duplicates' });
    expect(await screen.findAllByTestId('duplicate-group')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /これを残して統合/ })).toBeNull();
    expect(screen.getByText(/統合は管理者が行います/)).toBeTruthy();
  });
});
