import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../../lib/session';
import { blockNumber, type BlockedNumberView, type BlockNumberBody, listBlockedNumbers, unblockNumber } from '../api/blockedNumbers';

export const blockedNumbersKey = ['blocked-numbers'] as const;

/** Whether the signed-in user may block numbers (admins; the server says so too). */
export function useCanBlock(): boolean {
  return useSession()?.user.role === 'admin';
}

/** The numbers blocked from here, by E.164; never asked for by staff (they may not see it). */
export function useBlockedNumbers() {
  const canBlock = useCanBlock();
  return useQuery({
    queryKey: blockedNumbersKey,
    queryFn: async ({ signal }) => new Map<string, BlockedNumberView>((await listBlockedNumbers(signal)).items.map((b) => [b.e164, b])),
    enabled: canBlock,
  });
}

export function useBlockNumber() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BlockNumberBody) => blockNumber(body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: blockedNumbersKey }),
  });
}

export function useUnblockNumber() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (e164: string) => unblockNumber(e164),
    onSettled: () => queryClient.invalidateQueries({ queryKey: blockedNumbersKey }),
  });
}
