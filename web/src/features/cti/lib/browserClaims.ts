import { type CallClaims, createBrowserClaims } from './claim';

let shared: CallClaims | null = null;

/** This tab's claimer: one per tab, whatever mounts and unmounts. */
export function browserClaims(): CallClaims {
  shared ??= createBrowserClaims().claims;
  return shared;
}
