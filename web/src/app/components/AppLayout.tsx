import { Anchor, AppShell, Box, Burger, Button, Group, Loader, Menu, NavLink, Stack, Text, Title } from '@mantine/core';
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
  { to: '/purposes', label: 'nav.purposes', adminOnly: true },
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
            <Menu position="bottom-end" shadow="md" withinPortal>
              <Menu.Target>
                <Button
                  variant="subtle"
                  color="gray"
                  size="xs"
                  maw={220}
                  px={6}
                  aria-label={t('nav.userMenu', { name: session?.user.name ?? '' })}
                  data-testid="user-menu"
                  styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis' } }}
                >
                  {/* A phone has no room for the name: a person glyph opens the same menu. */}
                  <Box component="span" hiddenFrom="sm" aria-hidden style={{ display: 'inline-flex' }}>
                    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
                      <circle cx="12" cy="8" r="4" />
                      <path d="M4 21c0-4 4-6 8-6s8 2 8 6" />
                    </svg>
                  </Box>
                  <Text span size="sm" truncate="end" visibleFrom="sm" data-testid="signed-in-user">
                    {session?.user.name}
                  </Text>
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component={Link} to="/account" data-testid="account-link">
                  {t('nav.account')}
                </Menu.Item>
                {/* On a phone the header has no room for its language and ログアウト buttons: they live here. */}
                <Menu.Item hiddenFrom="sm" onClick={() => setLanguage(language === 'ja' ? 'en' : 'ja')} lang={language === 'ja' ? 'en' : 'ja'}>
                  {language === 'ja' ? 'English' : '日本語'}
                </Menu.Item>
                <Menu.Item hiddenFrom="sm" onClick={logout} data-testid="menu-logout">
                  {t('nav.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Button component={Link} to="/help" variant="subtle" size="xs" data-testid="help-link" aria-current={pathname === '/help' ? 'page' : undefined}>
              {t('nav.help')}
            </Button>
            <Button variant="subtle" size="xs" onClick={() => setLanguage(language === 'ja' ? 'en' : 'ja')} lang={language === 'ja' ? 'en' : 'ja'} visibleFrom="sm">
              {language === 'ja' ? 'English' : '日本語'}
            </Button>
            <Button variant="default" size="xs" onClick={logout} data-testid="logout" visibleFrom="sm">
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
