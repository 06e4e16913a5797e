import { Group, Radio, Stack, Text } from '@mantine/core';
import type { ImportMode } from '../../../../../common/customers';
import { useT } from '../../../lib/i18n/i18n';
import type { ImportModes } from '../api/importCsv';
import { MODE_LABELS } from '../lib/messages';

// From the labels (every mode has one), not common's IMPORT_MODES: that would bring zod into the bundle.
const MODES = Object.keys(MODE_LABELS) as ImportMode[];
const isMode = (value: string): value is ImportMode => (MODES as readonly string[]).includes(value);

/** Per field, what an existing customer's 備考 and タグ become when a row gives them. */
export function ImportModeChoice({ modes, onChange, disabled }: { modes: ImportModes; onChange: (modes: ImportModes) => void; disabled: boolean }) {
  const t = useT();
  const fields = [
    { field: 'notes', label: t('customer.notes') },
    { field: 'tags', label: t('customer.tags') },
  ] as const;
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('import.modes.title')}</Text>
      <Text size="sm" c="dimmed">
        {t('import.modes.help')}
      </Text>
      {fields.map(({ field, label }) => (
        <Radio.Group
          key={field}
          label={label}
          value={modes[field]}
          onChange={(value) => {
            if (isMode(value)) onChange({ ...modes, [field]: value });
          }}
          data-testid={`import-mode-${field}`}
        >
          <Group gap="lg" mt={4}>
            {MODES.map((mode) => (
              <Radio key={mode} value={mode} label={t(MODE_LABELS[mode])} disabled={disabled} />
            ))}
          </Group>
        </Radio.Group>
      ))}
    </Stack>
  );
}
