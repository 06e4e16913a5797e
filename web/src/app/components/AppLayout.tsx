import { Anchor, AppShell, Burger, Button, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core';
import { Suspense } from 'react';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import { useLogout } from '../../features/auth/hooks/useLogout';
import { ConnectionIndicator } from '../../features/cti/components/ConnectionIndicator';
import { DOCK_BAR_HEIGHT, DOCK_WIDTH, HEADER_HEIGHT, useDockMode } from '../../features/cti/lib/dock';
import { type MessageKey, useI18n } from '../../lib/i18n/i18n';
import { useSession } from '../../lib/session';

interface NavItem {
  to: string;
  label: MessageKey;
  adminOnly?: boolean;
}

const NAV: NavItem[] = [
  { to: '/', label: 'nav.dashboard' },
  { to: '/customers', label: 'nav.customers' },
  { to: '/calls', label: 'nav.calls' },
  { to: '/stores', label: 'nav.stores', adminOnly: true },
  { to: '/users', label: 'nav.users', adminOnly: true },
  { to: '/dialpad', label: 'nav.dialpad', adminOnly: true },
  { to: '/settings', label: 'nav.settings' },
];

const isActive = (pathname: string, to: string): boolean => (to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`));

/** The frame of every signed-in page: header with the connection state, navigation, content. */
export function AppLayout() {
  const { t, language, setLanguage } = useI18n();
  const session = useSession();
  const logout = useLogout();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const items = NAV.filter((item) => !item.adminOnly || session?.user.role === 'admin');
  // The call dock (drawn by CallCardStack) gets room of its own: the page narrows, or ends above the bar, never under a card.
  const dock = useDockMode();

  return (
    <AppShell
      header={{ height: HEADER_HEIGHT }}
      navbar={{ width: 220, breakpoint: 'md', collapsed: { mobile: !opened } }}
      aside={{ width: DOCK_WIDTH, breakpoint: 0, collapsed: { desktop: dock !== 'side', mobile: dock !== 'side' } }}
      footer={{ height: DOCK_BAR_HEIGHT, collapsed: dock !== 'bar' }}
      padding="md"
    >
      <Anchor href="#main" className="cti-skip-link" onClick={close}>
        {t('app.skipToContent')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={t('nav.menu')} />
            <Title order={2} size="h4" style={{ whiteSpace: 'nowrap' }}>
              <Anchor component={Link} to="/" c="inherit" underline="never">
                {t('app.name')}
              </Anchor>
            </Title>
            <ConnectionIndicator />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" truncate="end" maw={220} data-testid="signed-in-user">
              {session?.user.name}
            </Text>
            <Button variant="subtle" size="xs" onClick={() => setLanguage(language === 'ja' ? 'en' : 'ja')} lang={language === 'ja' ? 'en' : 'ja'}>
              {language === 'ja' ? 'English' : '日本語'}
            </Button>
            <Button variant="default" size="xs" onClick={logout} data-testid="logout">
              {t('nav.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.menu')}>
        <Stack gap={2} component="nav">
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(item.label)}
              active={isActive(pathname, item.to)}
              aria-current={isActive(pathname, item.to) ? 'page' : undefined}
              onClick={close}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <Suspense fallback={<Loader aria-label={t('common.loading')} />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
