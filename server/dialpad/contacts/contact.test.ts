import { describe, expect, it } from 'vitest';
import { clip, companyLabel, CONTACT_LIMITS, splitName, toDialpadContact } from './contact';
import { SlidingWindowLimiter } from './rate-limit';

const source = {
  id: '3f1c2a4e-0000-4000-8000-000000000001',
  name: '山田 花子',
  email: 'hanako@example.jp',
  caution: false,
  phones: ['+819012345678', '+81471234567'],
  homeStoreName: '西船橋店',
};

describe('the Dialpad contact of a customer', () => {
  it('splits the name at a space or a full-width space, family name first; one word is the last name', () => {
    expect(splitName('山田 花子')).toEqual({ lastName: '山田', firstName: '花子' });
    expect(splitName('山田　花子')).toEqual({ lastName: '山田', firstName: '花子' });
    expect(splitName('  佐藤\u3000 美咲  ')).toEqual({ lastName: '佐藤', firstName: '美咲' });
    expect(splitName('ヤマダ')).toEqual({ lastName: 'ヤマダ', firstName: '' });
    expect(splitName('van der Berg Anna')).toEqual({ lastName: 'van', firstName: 'der Berg Anna' });
  });

  it('labels a caution flag with the home store, the store alone otherwise', () => {
    expect(companyLabel(true, '西船橋店')).toBe('⚠ 西船橋店');
    expect(companyLabel(false, '西船橋店')).toBe('西船橋店');
    expect(companyLabel(true, null)).toBe('⚠ 要注意');
    expect(companyLabel(false, null)).toBe('');
  });

  it('is keyed by our customer id and carries every field, so an update also clears', () => {
    expect(toDialpadContact(source)).toEqual({
      uid: source.id,
      last_name: '山田',
      first_name: '花子',
      phones: ['+819012345678', '+81471234567'],
      emails: ['hanako@example.jp'],
      company_name: '西船橋店',
    });
    expect(toDialpadContact({ ...source, caution: true, email: null, phones: [], homeStoreName: null })).toMatchObject({
      phones: [],
      emails: [],
      company_name: '⚠ 要注意',
    });
  });

  it('keeps every field on one line and within the caps, never cutting a character in half', () => {
    const long = '𠮷'.repeat(60);
    const contact = toDialpadContact({ ...source, name: `${long}\n次郎\r\n三郎`, homeStoreName: `店\n${'長'.repeat(80)}`, caution: true });
    expect(Array.from(contact.last_name)).toHaveLength(CONTACT_LIMITS.lastName);
    expect(contact.last_name).toBe('𠮷'.repeat(CONTACT_LIMITS.lastName));
    expect(contact.first_name).toBe('次郎 三郎');
    expect(contact.company_name.startsWith('⚠ 店 長')).toBe(true);
    expect(Array.from(contact.company_name)).toHaveLength(CONTACT_LIMITS.companyName);
    for (const value of [contact.last_name, contact.first_name, contact.company_name]) expect(value).not.toMatch(/[\r\n]/);
    expect(clip('abc', 5)).toBe('abc');
  });

  it('sends only E.164 numbers, once each, at most the cap, in the customer order', () => {
    const phones = ['+819012345678', '0312345678', '+819012345678', ...Array.from({ length: 12 }, (_, i) => `+8190000000${String(i).padStart(2, '0')}`)];
    const contact = toDialpadContact({ ...source, phones });
    expect(contact.phones[0]).toBe('+819012345678');
    expect(contact.phones).not.toContain('0312345678');
    expect(new Set(contact.phones).size).toBe(contact.phones.length);
    expect(contact.phones).toHaveLength(CONTACT_LIMITS.phones);
  });

  it('never sends an empty last name', () => {
    expect(toDialpadContact({ ...source, name: '   ' }).last_name).toBe('-');
  });
});

describe('the sliding-window limiter', () => {
  it('lets a window fill, then waits until its oldest request has left it, for each window', () => {
    const limiter = new SlidingWindowLimiter([
      { limit: 3, windowMs: 1000 },
      { limit: 5, windowMs: 10_000 },
    ]);
    for (const t of [0, 10, 20]) {
      expect(limiter.delayFor(t)).toBe(0);
      limiter.record(t);
    }
    expect(limiter.delayFor(30)).toBe(970); // the request at 0 leaves the second at 1000
    for (const t of [1000, 1010]) {
      expect(limiter.delayFor(t)).toBe(0);
      limiter.record(t);
    }
    // Five in ten seconds: the minute-like window now decides (the request at 0 leaves it at 10 000).
    expect(limiter.delayFor(2500)).toBe(7500);
    expect(limiter.delayFor(10_000)).toBe(0);
  });

  it('lengthens every window by the margin', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, windowMs: 1000 }], 50);
    limiter.record(0);
    expect(limiter.delayFor(500)).toBe(550);
  });
});
