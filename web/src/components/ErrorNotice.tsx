import { Alert } from '@mantine/core';
import { type ErrorTextOptions, useErrorText } from '../lib/i18n/errors';

/** A failed request, said plainly in the person's language (from the error's code and fields, never the server's English). */
export function ErrorNotice({ error, title, labels }: { error: unknown; title?: string; labels?: ErrorTextOptions['labels'] }) {
  const errorText = useErrorText();
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      {errorText(error, { labels })}
    </Alert>
  );
}
