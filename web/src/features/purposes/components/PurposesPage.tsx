import { Button, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { PurposeView } from '../../../../../common/purposes';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageTitle } from '../../../components/PageTitle';
import { useT } from '../../../lib/i18n/i18n';
import { useEditPurposes, usePurposes } from '../hooks/usePurposes';
import { PurposeRow } from './PurposeRow';

/** The chain's list of call purposes (用件), for admins: add, rename, reorder, archive (old calls keep theirs). */
export function PurposesPage() {
  const t = useT();
  const purposes = usePurposes();
  const { create, update } = useEditPurposes();
  const [label, setLabel] = useState('');
  const items = purposes.data ?? [];
  const busy = create.isPending || update.isPending;

  /** Moves one purpose up or down, then writes every position that changed (the list is short). */
  const move = (index: number, by: -1 | 1) => {
    const order: PurposeView[] = [...items];
    const [moved] = order.splice(index, 1);
    if (!moved) return;
    order.splice(index + by, 0, moved);
    void (async () => {
      for (const [position, p] of order.entries()) {
        if (p.position !== position) await update.mutateAsync({ id: p.id, change: { position } });
      }
    })();
  };

  return (
    <Stack gap="md">
      <PageTitle>{t('purposes.title')}</PageTitle>
      <Text size="sm" c="dimmed">
        {t('purposes.help')}
      </Text>
      <Card withBorder padding="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (label.trim()) create.mutate(label.trim(), { onSuccess: () => setLabel('') });
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput label={t('purposes.new')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} maxLength={40} w={240} />
            <Button type="submit" loading={create.isPending} disabled={!label.trim()}>
              {t('purposes.add')}
            </Button>
          </Group>
        </form>
        {create.isError && <ErrorNotice error={create.error} />}
        {update.isError && <ErrorNotice error={update.error} />}
        {purposes.isError && <ErrorNotice error={purposes.error} />}
        <Table mt="md" data-testid="purpose-list">
          <Table.Tbody>
            {items.map((p, index) => (
              <PurposeRow
                key={`${p.id}:${p.label}`}
                purpose={p}
                first={index === 0}
                last={index === items.length - 1}
                busy={busy}
                onRename={(next) => update.mutate({ id: p.id, change: { label: next } })}
                onMove={(by) => move(index, by)}
                onArchive={(archived) => update.mutate({ id: p.id, change: { archived } })}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
