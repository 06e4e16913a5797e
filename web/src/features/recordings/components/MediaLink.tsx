import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props {
  href: string;
  label: string;
  children: ReactNode;
  testId?: string;
}

/**
 * A voicemail or recording, opened by Dialpad in a new tab. The server keeps https links only
 * (server/calls/recordings.ts); this checks again so no other scheme ever becomes a link here.
 */
export function MediaLink({ href, label, children, testId }: Props) {
  if (!/^https:\/\//i.test(href)) return null;
  return (
    <Anchor href={href} target="_blank" rel="noopener noreferrer" size="sm" aria-label={label} data-testid={testId} style={{ whiteSpace: 'nowrap' }}>
      {children}
    </Anchor>
  );
}
