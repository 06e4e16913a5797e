import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { CallView } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { CallMediaLinks } from './CallMediaLinks';

interface Props {
  call: Pick<CallView, 'voicemailUrl' | 'recordings' | 'transcription'>;
}

/** On the call card: 留守電あり ▶, 録音 1 ▶ … and Dialpad's transcription, folded until asked for. */
export function CardMedia({ call }: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  if (!call.voicemailUrl && call.recordings.length === 0 && !call.transcription) return null;
  return (
    <Stack gap={4} mt={6} data-testid="card-media">
      <CallMediaLinks voicemailUrl={call.voicemailUrl} recordings={call.recordings} size="full" />
      {call.transcription && (
        <>
          <Button size="compact-xs" variant="subtle" onClick={() => setOpen((o) => !o)} aria-expanded={open} style={{ alignSelf: 'flex-start' }}>
            {t(open ? 'recordings.hideTranscription' : 'recordings.showTranscription')}
          </Button>
          {open && (
            <Text
              size="sm"
              p="xs"
              bg="gray.0"
              style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', borderRadius: 'var(--mantine-radius-sm)', maxHeight: 240, overflowY: 'auto' }}
              data-testid="transcription"
            >
              {call.transcription}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
