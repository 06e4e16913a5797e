import { CallClaims, type ClaimMessage } from './callClaims';

const isClaimMessage = (data: unknown): data is ClaimMessage => {
  if (typeof data !== 'object' || data === null) return false;
  const type = (data as { type?: unknown }).type;
  return type === 'claim' || type === 'won';
};

/** Wires claims to this browser's other tabs over a BroadcastChannel (alone, a tab always wins). */
function overBroadcastChannel(channelName: string): CallClaims {
  const tabId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  if (typeof BroadcastChannel === 'undefined') return new CallClaims({ tabId, post: () => undefined, settleMs: 0 });
  const channel = new BroadcastChannel(channelName);
  const claims = new CallClaims({ tabId, post: (message) => channel.postMessage(message) });
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (isClaimMessage(event.data)) claims.receive(event.data);
  };
  return claims;
}

let shared: CallClaims | null = null;

/** This tab's claimer: one per tab, whatever mounts and unmounts; the channel lives as long as the tab. */
export function browserClaims(): CallClaims {
  shared ??= overBroadcastChannel('cti-call-claims');
  return shared;
}
