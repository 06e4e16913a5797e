/** TanStack Query keys, in one place so an event can invalidate exactly what it changed. */
export const keys = {
  me: ['me'] as const,
  call: (callId: string) => ['call', callId] as const,
  calls: (filters?: object) => (filters ? (['calls', filters] as const) : (['calls'] as const)),
  activeCalls: ['calls', 'active'] as const,
  customer: (id: string) => ['customer', id] as const,
  customerMemos: (id: string) => ['customer', id, 'memos'] as const,
  customerVisits: (id: string) => ['customer', id, 'visits'] as const,
  customerSearch: (q: string) => ['customers', q] as const,
  customers: ['customers'] as const,
  /** Under `customers` (three parts, so never a search's key): whatever invalidates customers refreshes it. */
  customerDuplicates: (reason: string) => ['customers', 'duplicates', reason] as const,
  stores: ['stores'] as const,
  users: ['users'] as const,
  callbacks: ['callbacks'] as const,
  /** The chain's list of call purposes (用件). */
  purposes: ['purposes'] as const,
  dialpadStatus: ['dialpad', 'status'] as const,
};
