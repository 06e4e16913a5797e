import { Alert, Image, Stack, Typography } from '@mantine/core';
import { useEffect } from 'react';
import Markdown, { type Components } from 'react-markdown';
import { useI18n } from '../../../lib/i18n/i18n';
import { guideImageUrl, staffGuide } from '../lib/guide';

/** The guide's screenshots are 1280×800: shown at most at that size, never wider than the page. */
const components: Components = {
  img: ({ src, alt }) => (
    <Image
      src={guideImageUrl(typeof src === 'string' ? src : undefined)}
      alt={alt ?? ''}
      maw={960}
      radius="sm"
      loading="lazy"
      style={{ border: '1px solid var(--mantine-color-default-border)' }}
    />
  ),
  // A link in the guide to another page of the app stays in this tab; others open beside it.
  a: ({ href, children }) => (
    <a href={href} {...(href?.startsWith('http') ? { target: '_blank', rel: 'noreferrer' } : {})}>
      {children}
    </a>
  ),
};

/** /help: the staff guide (docs/ja/staff-guide.md), in Japanese; in English a line says so. */
export function HelpPage() {
  const { t, language } = useI18n();
  useEffect(() => {
    document.title = `${t('help.title')} | ${t('app.name')}`;
  }, [t]);
  return (
    <Stack maw={960} gap="md" data-testid="help">
      {language === 'en' && (
        <Alert variant="light" color="indigo" lang="en">
          {t('help.japaneseOnly')}
        </Alert>
      )}
      <Typography lang="ja">
        <Markdown components={components}>{staffGuide}</Markdown>
      </Typography>
    </Stack>
  );
}
