import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { theme } from '../lib/theme';
import { CtiContext, type CtiContextValue } from '../features/cti/hooks/useCti';
import { I18nProvider } from '../lib/i18n/i18n';

/** jsdom lacks what Mantine measures with; tests that render components call this first. */
export function installDomShims(): void {
  if (!window.matchMedia) {
    window.matchMedia = (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (!('fonts' in document)) {
    Object.defineProperty(document, 'fonts', { value: { addEventListener: () => undefined, removeEventListener: () => undefined, ready: Promise.resolve() } });
  }
  if (!('ResizeObserver' in window)) {
    class NoResize {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    Object.assign(window, { ResizeObserver: NoResize });
  }
}

export function ctiValue(overrides: Partial<CtiContextValue> = {}): CtiContextValue {
  return {
    cards: [],
    connection: 'connected',
    dismiss: () => undefined,
    linked: () => undefined,
    focusedCallId: null,
    setFocusedCallId: () => undefined,
    ...overrides,
  };
}

/** Renders with the app's providers; `fetch` is whatever the test stubbed. */
export function renderWithApp(ui: ReactElement, options: { cti?: CtiContextValue; route?: string } = {}): RenderResult {
  installDomShims();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <MemoryRouter initialEntries={[options.route ?? '/']}>
            <CtiContext.Provider value={options.cti ?? ctiValue()}>{children}</CtiContext.Provider>
          </MemoryRouter>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
  return render(ui, { wrapper });
}

/** A fetch that answers by path; unknown paths get a 404 like the server's. */
type Route = (init: RequestInit | undefined) => unknown;

export function stubFetch(routes: Record<string, unknown>): { calls: { url: string; init: RequestInit | undefined }[] } {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fake = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    calls.push({ url, init });
    const key = `${init?.method ?? 'GET'} ${url.split('?')[0]}`;
    const route = routes[key];
    if (route === undefined) {
      return Promise.resolve(new Response(JSON.stringify({ error: 'not_found', message: `No route for ${key}` }), { status: 404 }));
    }
    const body = typeof route === 'function' ? (route as Route)(init) : route;
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
  };
  globalThis.fetch = fake;
  return { calls };
}
