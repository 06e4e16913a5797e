import { describe, expect, it } from 'vitest';
import { japanLocalInput, newVisitValues, readVisitForm, visitValues } from './visitForm';

describe('the visit form', () => {
  it('starts at now in Japan time at the store given', () => {
    const values = newVisitValues('nishifuna', new Date('2026-11-24T05:05:30Z'));
    expect(values).toEqual({ visitedAt: '2026-11-24T14:05', storeCode: 'nishifuna', menu: '', staffName: '', amount: '', note: '' });
  });

  it('crosses midnight in Japan, not in UTC', () => {
    expect(japanLocalInput('2026-11-30T15:30:00Z')).toBe('2026-12-01T00:30');
  });

  it('sends ５，５００ as 5500 and the time as the instant it was in Japan', () => {
    const read = readVisitForm({ ...newVisitValues('kasai'), visitedAt: '2026-11-24T14:05', amount: '５，５００', menu: ' カット ' });
    expect(read).toEqual({
      ok: true,
      input: { visitedAt: '2026-11-24T05:05:00.000Z', storeCode: 'kasai', menu: 'カット', staffName: '', amountYen: 5500, note: '' },
    });
  });

  it('refuses an amount it cannot read instead of sending 0, and an empty date', () => {
    expect(readVisitForm({ ...newVisitValues(null), amount: '五千円' })).toEqual({ ok: false, errors: { amount: 'unreadable' } });
    expect(readVisitForm({ ...newVisitValues(null), visitedAt: '', amount: '500' })).toEqual({ ok: false, errors: { visitedAt: 'required' } });
  });

  it('fills the edit form from a visit', () => {
    const values = visitValues({ id: 'v', visitedAt: '2026-09-12T06:30:00.000Z', store: { code: 'kinshicho', name: '錦糸町店' }, menu: 'カット', staffName: '鈴木', amountYen: 12000, note: '', createdBy: null });
    expect(values).toEqual({ visitedAt: '2026-09-12T15:30', storeCode: 'kinshicho', menu: 'カット', staffName: '鈴木', amount: '12,000', note: '' });
  });
});
