import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled block inside a card. */
export function CardSection({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={4} data-testid={testId}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" component="h3" m={0}>
        {title}
      </Text>
      {children}
    </Stack>
  );
}
