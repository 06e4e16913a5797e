import { Group } from '@mantine/core';
import type { CallRecording } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { MediaLink } from './MediaLink';

interface Props {
  voicemailUrl: string | null;
  recordings: CallRecording[];
  /** short: 留守電 ▶ / 録音 ▶ in a call log row; full: 留守電あり ▶ / 録音 1 ▶ on the card. */
  size: 'short' | 'full';
}

/** A call's voicemail and recordings as links that open in a new tab; nothing when it has none. */
export function CallMediaLinks({ voicemailUrl, recordings, size }: Props) {
  const t = useT();
  if (!voicemailUrl && recordings.length === 0) return null;
  const short = size === 'short';
  return (
    <Group gap={8} wrap="wrap" data-testid="call-media">
      {voicemailUrl && (
        <MediaLink href={voicemailUrl} label={t('recordings.playVoicemail')} testId="voicemail-link">
          {t(short ? 'recordings.voicemailShort' : 'recordings.voicemail')} ▶
        </MediaLink>
      )}
      {recordings.map((r, i) => (
        <MediaLink key={r.id ?? r.url} href={r.url} label={t('recordings.playRecording', { n: i + 1 })} testId="recording-link">
          {short && recordings.length === 1 ? t('recordings.recording') : t('recordings.recordingN', { n: i + 1 })} ▶
        </MediaLink>
      ))}
    </Group>
  );
}
