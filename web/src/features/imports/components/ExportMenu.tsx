import { Button, Menu, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { CsvEncoding } from '../../../../../common/customers';
import { ApiError } from '../../../lib/api/http';
import { useT } from '../../../lib/i18n/i18n';
import { downloadCustomersCsv } from '../api/exportCsv';

/** 書き出し (CSV): every customer, in UTF-8 (with a BOM: today's Excel) or Shift_JIS (older Excel and shop software). */
export function ExportMenu({ label }: { label?: string }) {
  const t = useT();
  const download = useMutation({ mutationFn: (encoding: CsvEncoding) => downloadCustomersCsv(encoding) });
  return (
    <Stack gap={4} align="flex-end">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" loading={download.isPending} data-testid="export-button">
            {label ?? t('export.download')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('export.encoding')}</Menu.Label>
          <Menu.Item onClick={() => download.mutate('utf-8')} data-testid="export-utf-8">
            {t('export.utf8')}
          </Menu.Item>
          <Menu.Item onClick={() => download.mutate('shift_jis')} data-testid="export-shift_jis">
            {t('export.sjis')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {download.isError && (
        <Text size="xs" c="red.8" role="alert">
          {download.error instanceof ApiError && download.error.code === 'forbidden' ? t('common.forbidden') : t('export.failed')}
        </Text>
      )}
    </Stack>
  );
}
