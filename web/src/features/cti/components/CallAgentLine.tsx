import { Text } from '@mantine/core';
import type { AgentRef, CallState } from '../../../../../common/calls';
import { formatDuration } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';

interface Props {
  state: CallState | null;
  agent: AgentRef | null;
  answeredBy: AgentRef | null;
  durationMs: number | null;
}

/** Who Dialpad is ringing, who answered, how long it lasted. */
export function CallAgentLine({ state, agent, answeredBy, durationMs }: Props) {
  const t = useT();
  const parts: string[] = [];
  if (answeredBy) parts.push(t('call.answeredBy', { name: answeredBy.name }));
  else if (agent && (state === 'ringing' || state === null)) parts.push(t('call.ringingAgent', { name: agent.name }));
  if (durationMs !== null && state !== 'ringing' && state !== 'answered') parts.push(t('call.duration', { duration: formatDuration(durationMs) }));
  if (parts.length === 0) return null;
  return (
    <Text size="sm" data-testid="call-agent">
      {parts.join(' · ')}
    </Text>
  );
}
