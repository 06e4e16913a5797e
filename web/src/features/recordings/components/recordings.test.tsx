// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithApp } from '../../../test/render';
import { CallMediaLinks } from './CallMediaLinks';
import { CardMedia } from './CardMedia';
import { VoicemailBadge } from './VoicemailBadge';

afterEach(cleanup);

const VOICEMAIL = 'https://dialpad.com/r/vm/1.mp3';
const recording = (n: number) => ({ id: String(n), type: 'user', url: `https://dialpad.com/r/${n}.mp3`, durationMs: null, startedAt: null });

describe('voicemail and recording links', () => {
  it('opens the voicemail in a new tab from the task, and says 留守電あり without a link when none came', () => {
    renderWithApp(<VoicemailBadge hasVoicemail url={VOICEMAIL} />);
    const link = screen.getByTestId('voicemail-link');
    expect(link.textContent).toBe('留守電あり ▶');
    expect([link.getAttribute('href'), link.getAttribute('target'), link.getAttribute('rel')]).toEqual([VOICEMAIL, '_blank', 'noopener noreferrer']);
    cleanup();
    renderWithApp(<VoicemailBadge hasVoicemail url={null} />);
    expect(screen.getByTestId('voicemail-no-link').textContent).toBe('留守電あり');
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('numbers the recordings on the card, and never links anything but https', () => {
    renderWithApp(<CallMediaLinks voicemailUrl="javascript:alert(1)" recordings={[recording(1), recording(2), { ...recording(3), url: 'data:text/html,x' }]} size="full" />);
    expect(screen.getAllByTestId('recording-link').map((a) => a.textContent)).toEqual(['録音 1 ▶', '録音 2 ▶']);
    expect(screen.queryByTestId('voicemail-link')).toBeNull();
  });

  it('folds the transcription until asked for', () => {
    renderWithApp(<CardMedia call={{ voicemailUrl: VOICEMAIL, recordings: [], transcription: '折り返しお願いします' }} />);
    expect(screen.queryByTestId('transcription')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '文字起こしを表示' }));
    expect(screen.getByTestId('transcription').textContent).toBe('折り返しお願いします');
  });
});
