import type { OutboundCallBody, OutboundCallResult } from '../../../../../common/outbound';
import { api } from '../../../lib/api/http';

export type { OutboundCallBody, OutboundCallResult };

/** Click-to-call: Dialpad rings the signed-in user's Dialpad app, then dials the number. */
export const placeCall = (body: OutboundCallBody): Promise<OutboundCallResult> =>
  api<OutboundCallResult>('/api/calls/outbound', { method: 'POST', body });
