import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { CallUpdatedPayload, IncomingCallPayload } from '../../../../../common/calls';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../../common/socket-events';
import { api } from '../../../lib/api/http';
import { sessionStore } from '../../../lib/session';
import type { ConnectionState } from './useCti';

export type CtiSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface CtiSocketHandlers {
  onIncoming(payload: IncomingCallPayload): void;
  onUpdated(payload: CallUpdatedPayload): void;
  onCallbackUpdated(): void;
  /** Connected without the server replaying what was missed: the caller fetches the calls ringing now. */
  onFreshConnect(): void;
}

/** The server refused the token: find out why (expired or disabled) and sign out. */
function signOutAfterRefusal(refused: string): void {
  // A token this tab has already replaced (its own password change hands it a fresh one) ends nothing.
  const stillRefused = (): boolean => sessionStore.token() === refused;
  if (!stillRefused()) return;
  const signOut = (): void => {
    if (stillRefused()) sessionStore.clear('expired');
  };
  // api() has already signed out with the right reason on 401/403; anything else still ends here.
  api('/api/auth/me').then(signOut, signOut);
}

/** One socket.io connection for this tab, authenticated with the session's token. */
export function useCtiSocket(token: string, handlers: CtiSocketHandlers): ConnectionState {
  const [connection, setConnection] = useState<ConnectionState>('reconnecting');
  // Handlers change every render; the socket must not.
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    const socket: CtiSocket = io({ auth: { token } });
    // Failed tries since the last connect: after a few, people should know the screen is not live,
    // and it stays red until a try succeeds (each new try must not turn it back to 再接続中).
    let failures = 0;
    const retrying = (): ConnectionState => (socket.active && failures <= 5 ? 'reconnecting' : 'disconnected');
    socket.on('connect', () => {
      failures = 0;
      setConnection('connected');
      // A recovered session got the missed events replayed; otherwise ask what is ringing now.
      if (!socket.recovered) latest.current.onFreshConnect();
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      if (reason === 'io server disconnect') {
        // The server dropped us (role changed, account disabled): try once more; a refusal signs out.
        setConnection('reconnecting');
        socket.connect();
        return;
      }
      setConnection(retrying());
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') {
        setConnection('disconnected');
        signOutAfterRefusal(token);
        return;
      }
      failures += 1;
      setConnection(retrying());
    });
    socket.io.on('reconnect_failed', () => setConnection('disconnected'));
    socket.on('incoming_call', (payload) => latest.current.onIncoming(payload));
    socket.on('call_updated', (payload) => latest.current.onUpdated(payload));
    socket.on('callback_updated', () => latest.current.onCallbackUpdated());
    return () => {
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    };
  }, [token]);

  return connection;
}
