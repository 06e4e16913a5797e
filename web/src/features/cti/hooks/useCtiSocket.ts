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
function signOutAfterRefusal(): void {
  api('/api/auth/me').then(
    () => sessionStore.clear('expired'),
    // api() has already signed out with the right reason on 401/403; anything else still ends here.
    () => sessionStore.clear('expired'),
  );
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
    socket.on('connect', () => {
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
      setConnection(socket.active ? 'reconnecting' : 'disconnected');
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') {
        setConnection('disconnected');
        signOutAfterRefusal();
        return;
      }
      setConnection(socket.active ? 'reconnecting' : 'disconnected');
    });
    // Still retrying, but after a few failures people should know the screen is not live.
    socket.io.on('reconnect_attempt', (attempt) => setConnection(attempt > 5 ? 'disconnected' : 'reconnecting'));
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
