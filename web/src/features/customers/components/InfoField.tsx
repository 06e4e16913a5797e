import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A labelled read-only value; a dash when empty. */
export function InfoField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <div>{children || '—'}</div>
    </Stack>
  );
}
