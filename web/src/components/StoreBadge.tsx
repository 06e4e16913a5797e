import { Badge, type MantineColor } from '@mantine/core';
import type { StoreRef } from '../../../common/stores';
import { useT } from '../lib/i18n/i18n';

/** Theme colours stores are told apart by; a store keeps its colour (from its code). */
const STORE_COLORS: MantineColor[] = ['indigo', 'cyan', 'teal', 'grape', 'orange', 'pink', 'lime', 'violet', 'blue', 'green'];

function colorOf(code: string): MantineColor {
  let hash = 0;
  for (const ch of code) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return STORE_COLORS[hash % STORE_COLORS.length] ?? 'gray';
}

/** Which store's number was dialled. */
export function StoreBadge({ store, size = 'md' }: { store: StoreRef | null; size?: 'sm' | 'md' | 'lg' }) {
  const t = useT();
  if (!store) {
    return (
      <Badge color="gray" variant="outline" size={size} data-testid="store-badge">
        {t('call.noStore')}
      </Badge>
    );
  }
  return (
    <Badge color={colorOf(store.code)} variant="light" size={size} data-testid="store-badge" title={store.code}>
      {store.name}
    </Badge>
  );
}
