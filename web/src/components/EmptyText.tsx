import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** What a list or section says when it has nothing to show: quiet, so it does not read as an error. */
export function EmptyText({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}
