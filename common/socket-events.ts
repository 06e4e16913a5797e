import { z } from 'zod';
import type { CallbackView } from './callbacks';
import type { CallUpdatedPayload, IncomingCallPayload } from './calls';

/** The socket contract: what the server pushes, and the rooms it pushes to. Shared with the web app. */

export const heartbeatPayloadSchema = z.object({ at: z.string() });
export type HeartbeatPayload = z.infer<typeof heartbeatPayloadSchema>;

/** Server → client socket events. */
export interface ServerToClientEvents {
  incoming_call: (payload: IncomingCallPayload) => void;
  call_updated: (payload: CallUpdatedPayload) => void;
  /** A call-back task was opened, folded another call in, or was closed. */
  callback_updated: (payload: CallbackView) => void;
  /**
   * Sent on connect and every minute. Connection-state recovery resumes from the last packet a
   * client received, and only while that packet is under two minutes old: this keeps it so.
   */
  heartbeat: (payload: HeartbeatPayload) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the client sends nothing yet
export interface ClientToServerEvents {}

export const rooms = {
  admin: 'admin-room',
  store: (code: string) => `store:${code}`,
  user: (id: string) => `user:${id}`,
} as const;
