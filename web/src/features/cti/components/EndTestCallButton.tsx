import { Button, Tooltip } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useT } from '../../../lib/i18n/i18n';
import { errorText } from '../../../lib/i18n/errors';
import { endTestCall } from '../../dialpad/api/dialpad';

/**
 * A test call's own 終了: ends it on the server, so every screen's card (and いま着信中) hears it
 * through call_updated like a real hangup. Nothing for a real call, which only Dialpad ends.
 */
export function EndTestCallButton({ callId, isTest, finished }: { callId: string; isTest: boolean; finished: boolean }) {
  const t = useT();
  const end = useMutation({ mutationFn: () => endTestCall(callId) });
  if (!isTest || finished) return null;
  // A refusal stays in sight on the button (the card has no room for a notice); it still ends by itself.
  const problem = end.isError ? errorText(t, end.error) : null;
  return (
    <Tooltip label={problem ?? t('call.endTestHint')} opened={problem ? true : undefined} color={problem ? 'red' : undefined}>
      <Button size="compact-xs" color="red" variant="light" loading={end.isPending} onClick={() => end.mutate()} data-testid="end-test-call">
        {t('call.endTest')}
      </Button>
    </Tooltip>
  );
}
