import { Group, Select, TextInput } from '@mantine/core';
import { CALL_STATES, type CallState } from '../../../../../common/calls';
import { CALL_STATE_LABELS } from '../../../components/CallStateBadge';
import { useT } from '../../../lib/i18n/i18n';
import { useSession } from '../../../lib/session';
import { useStores } from '../../stores/hooks/useStores';

export interface CallLogForm {
  store: string;
  state: CallState | '';
  /** YYYY-MM-DD, Japan's days. */
  from: string;
  to: string;
}

/** Store, outcome and dates. */
export function CallFiltersBar({ value, onChange }: { value: CallLogForm; onChange: (next: CallLogForm) => void }) {
  const t = useT();
  const stores = useStores();
  // Staff see their own store's calls only (the server enforces it): no store to choose.
  const isAdmin = useSession()?.user.role === 'admin';
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" data-testid="call-filters">
      {isAdmin && (
        <Select
          label={t('calls.store')}
          placeholder={t('common.all')}
          clearable
          value={value.store || null}
          onChange={(store) => onChange({ ...value, store: store ?? '' })}
          data={(stores.data?.items ?? []).map((store) => ({ value: store.code, label: store.name }))}
          w={200}
        />
      )}
      <Select
        label={t('calls.state')}
        placeholder={t('common.all')}
        clearable
        value={value.state || null}
        onChange={(state) => onChange({ ...value, state: CALL_STATES.find((s) => s === state) ?? '' })}
        data={CALL_STATES.map((state) => ({ value: state, label: t(CALL_STATE_LABELS[state]) }))}
        w={160}
      />
      <TextInput type="date" label={t('calls.from')} value={value.from} onChange={(e) => onChange({ ...value, from: e.currentTarget.value })} w={170} />
      <TextInput type="date" label={t('calls.to')} value={value.to} onChange={(e) => onChange({ ...value, to: e.currentTarget.value })} w={170} />
    </Group>
  );
}
