import { Group, SegmentedControl, Stack } from '@mantine/core';
import { useState } from 'react';
import type { StoreRef } from '../../../../../common/stores';
import { useT } from '../../../lib/i18n/i18n';
import { BlockNumberControl } from '../../blocking/components/BlockNumberControl';
import { LinkCustomerSearch } from './LinkCustomerSearch';
import { RegisterCallerForm } from './RegisterCallerForm';

/** An unknown number: register it as a new customer, or link it to someone already on file (or, for admins, block it). */
export function UnknownCallerPanel({ callId, phone, store }: { callId: string; phone: string | null; store: StoreRef | null }) {
  const t = useT();
  const [mode, setMode] = useState<'register' | 'link'>('register');
  return (
    <Stack gap={6} data-testid="unknown-caller">
      <SegmentedControl
        size="xs"
        fullWidth
        value={mode}
        onChange={(value) => setMode(value === 'link' ? 'link' : 'register')}
        data={[
          { value: 'register', label: t('call.register') },
          { value: 'link', label: t('call.linkExisting') },
        ]}
      />
      {mode === 'register' ? <RegisterCallerForm callId={callId} phone={phone} store={store} /> : <LinkCustomerSearch callId={callId} />}
      {phone && (
        <Group justify="flex-end">
          <BlockNumberControl phone={phone} />
        </Group>
      )}
    </Stack>
  );
}
