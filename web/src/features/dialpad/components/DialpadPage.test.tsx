// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithApp, stubFetch } from '../../../test/render';
import { formatPrefix, sampleNumber, testNumbers } from '../lib/testNumbers';
import { DialpadPage } from './DialpadPage';

const stores = {
  items: [
    { id: '00000000-0000-4000-8000-000000000001', code: 'nishifuna', name: '西船橋店', phonePrefixes: ['047433', '0501748'], dialpadOfficeId: null },
    { id: '00000000-0000-4000-8000-000000000002', code: 'kasai', name: '葛西店', phonePrefixes: ['03'], dialpadOfficeId: null },
  ],
  nextCursor: null,
};
const status = (secretSource: string) => ({ secretConfigured: secretSource !== 'missing', secretSource, lastEventAt: null, lastEventState: null, signatureFailures: 0, lastSignatureFailureAt: null });

afterEach(cleanup);

describe('Dialpad 接続', () => {
  it('warns when no webhook secret is configured, and says how to set it', async () => {
    stubFetch({ 'GET /api/dialpad/status': status('missing'), 'GET /api/stores': stores });
    renderWithApp(<DialpadPage />);
    const notice = await screen.findByTestId('webhook-secret-notice');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('Webhook シークレットが設定されていません');
    expect(notice.textContent).toContain('着信はすべて拒否されます');
    expect(notice.textContent).toContain(`npx cti dialpad setup --url ${window.location.origin}/api/dialpad/webhook`);
    expect(notice.textContent).toContain('DIALPAD_WEBHOOK_SECRET=…');
  });

  it('says when a trial secret is in use, and nothing when the environment has one', async () => {
    stubFetch({ 'GET /api/dialpad/status': status('generated'), 'GET /api/stores': stores });
    const { unmount } = renderWithApp(<DialpadPage />);
    expect((await screen.findByTestId('webhook-secret-notice')).textContent).toContain('試用に生成したシークレット');
    unmount();
    stubFetch({ 'GET /api/dialpad/status': status('environment'), 'GET /api/stores': stores });
    renderWithApp(<DialpadPage />);
    await screen.findByText('最後に受信したイベント');
    expect(screen.queryByTestId('webhook-secret-notice')).toBeNull();
  });

  it("offers each store's numbers as people write them, and takes any number typed", async () => {
    const sent: unknown[] = [];
    stubFetch({
      'GET /api/dialpad/status': status('environment'),
      'GET /api/stores': stores,
      'POST /api/dialpad/test-call': (init: RequestInit | undefined) => {
        sent.push(JSON.parse(typeof init?.body === 'string' ? init.body : ''));
        return { success: true, message: 'Test call broadcasted', data: { type: 'incoming_call', callId: 'test-1', customerPhone: '09012345678', incomingNumber: '0355551234', isTest: true } };
      },
    });
    renderWithApp(<DialpadPage />);
    const input = screen.getByTestId('test-call-incoming');
    await waitFor(() => {
      fireEvent.focus(input);
      fireEvent.click(input);
      expect(screen.getByText('西船橋店 · 047-433…, 050-1748…')).toBeTruthy();
    });
    expect(screen.getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual(['047-433-0000西船橋店', '050-1748-0000西船橋店', '03-5555-5555葛西店']);
    expect(document.body.textContent).not.toContain('4743300000');
    // Any number, not only the offered ones.
    fireEvent.change(input, { target: { value: '03-5555-1234' } });
    fireEvent.click(screen.getByTestId('test-call-button'));
    expect((await screen.findByRole('status')).textContent).toContain('テスト着信を送信しました (test-1)');
    expect(sent).toEqual([{ customerPhone: '090-1234-5678', incomingNumber: '03-5555-1234' }]);
  });
});

describe('test numbers', () => {
  it('write prefixes as people do and make whole valid numbers of them', () => {
    expect(formatPrefix('047433')).toBe('047-433…');
    expect(formatPrefix('0501748')).toBe('050-1748…');
    expect([sampleNumber('047433'), sampleNumber('0501748'), sampleNumber('09012'), sampleNumber('03')]).toEqual(['047-433-0000', '050-1748-0000', '090-1200-0000', '03-5555-5555']);
    // A number offered once even when two stores' prefixes lead to it.
    const both = testNumbers([{ name: 'A', phonePrefixes: ['047433'] }, { name: 'B', phonePrefixes: ['0474330'] }]);
    expect(both.groups).toEqual([{ group: 'A · 047-433…', items: ['047-433-0000'] }]);
  });
});
