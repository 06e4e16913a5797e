import { Text } from '@mantine/core';
import { useT } from '../../../lib/i18n/i18n';
import { MediaLink } from './MediaLink';

interface Props {
  /** Whether a voicemail was left (a link may be missing: the API key lacks recordings_export). */
  hasVoicemail: boolean;
  url: string | null;
}

/** 留守電あり ▶ on a call-back task: plays the newest voicemail of its calls in a new tab. */
export function VoicemailBadge({ hasVoicemail, url }: Props) {
  const t = useT();
  if (url) {
    return (
      <MediaLink href={url} label={t('recordings.playVoicemail')} testId="voicemail-link">
        {t('recordings.voicemail')} ▶
      </MediaLink>
    );
  }
  if (!hasVoicemail) return null;
  return (
    <Text size="sm" c="grape" data-testid="voicemail-no-link" title={t('recordings.noLink')}>
      {t('recordings.voicemail')}
    </Text>
  );
}
