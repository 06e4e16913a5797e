import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, useEffect, useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LoginPage } from '../features/auth/components/LoginPage';
import { RequireAdmin } from '../features/auth/components/RequireAdmin';
import { CtiWindowPage } from '../features/cti/components/CtiWindowPage';
import { I18nProvider } from '../lib/i18n/i18n';
import { sessionStore } from '../lib/session';
import { AppLayout } from './components/AppLayout';
import { NotFoundPage } from './components/NotFoundPage';
import { SignedIn } from './components/SignedIn';
import { createQueryClient } from './queryClient';
import { cssVariablesResolver, theme } from '../lib/theme';

// Pages load on demand: the first paint (and the call window) needs only the shell and the card.
const AccountPage = lazy(() => import('../features/auth/components/AccountPage').then((m) => ({ default: m.AccountPage })));
const CallLogPage = lazy(() => import('../features/calls/components/CallLogPage').then((m) => ({ default: m.CallLogPage })));
const CtiSettingsPage = lazy(() => import('../features/cti/components/CtiSettingsPage').then((m) => ({ default: m.CtiSettingsPage })));
const CustomerDetailPage = lazy(() => import('../features/customers/components/CustomerDetailPage').then((m) => ({ default: m.CustomerDetailPage })));
const CustomersPage = lazy(() => import('../features/customers/components/CustomersPage').then((m) => ({ default: m.CustomersPage })));
const DashboardPage = lazy(() => import('../features/dashboard/components/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const DialpadPage = lazy(() => import('../features/dialpad/components/DialpadPage').then((m) => ({ default: m.DialpadPage })));
const HelpPage = lazy(() => import('../features/help/components/HelpPage').then((m) => ({ default: m.HelpPage })));
const DuplicatesPage = lazy(() => import('../features/customers/components/DuplicatesPage').then((m) => ({ default: m.DuplicatesPage })));
const ImportPage = lazy(() => import('../features/imports/components/ImportPage').then((m) => ({ default: m.ImportPage })));
const PurposesPage = lazy(() => import('../features/purposes/components/PurposesPage').then((m) => ({ default: m.PurposesPage })));
const StoresPage = lazy(() => import('../features/stores/components/StoresPage').then((m) => ({ default: m.StoresPage })));
const UsersPage = lazy(() => import('../features/users/components/UsersPage').then((m) => ({ default: m.UsersPage })));

export function App() {
  const [queryClient] = useState(createQueryClient);
  // Nothing of one person's session stays in memory for the next.
  useEffect(
    () =>
      sessionStore.subscribe(() => {
        if (!sessionStore.get()) queryClient.clear();
      }),
    [queryClient],
  );
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route element={<SignedIn />}>
                <Route path="/admin/customer-management/cti" element={<CtiWindowPage />} />
                <Route element={<AppLayout />}>
                  <Route index element={<DashboardPage />} />
                  <Route path="customers" element={<CustomersPage />} />
                  <Route path="customers/duplicates" element={<DuplicatesPage />} />
                  <Route path="customers/import" element={<RequireAdmin><ImportPage /></RequireAdmin>} />
                  <Route path="customers/:id" element={<CustomerDetailPage />} />
                  <Route path="calls" element={<CallLogPage />} />
                  <Route path="stores" element={<RequireAdmin><StoresPage /></RequireAdmin>} />
                  <Route path="users" element={<RequireAdmin><UsersPage /></RequireAdmin>} />
                  <Route path="purposes" element={<RequireAdmin><PurposesPage /></RequireAdmin>} />
                  <Route path="dialpad" element={<RequireAdmin><DialpadPage /></RequireAdmin>} />
                  <Route path="settings" element={<CtiSettingsPage />} />
                  <Route path="account" element={<AccountPage />} />
                  <Route path="help" element={<HelpPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Route>
            </Routes>
          </BrowserRouter>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
