import { Outlet } from 'react-router';
import { RequireAuth } from '../../features/auth/components/RequireAuth';
import { CTIListener } from '../../features/cti/components/CTIListener';

/** Every signed-in page, the call window included, listens for calls. */
export function SignedIn() {
  return (
    <RequireAuth>
      <CTIListener>
        <Outlet />
      </CTIListener>
    </RequireAuth>
  );
}
