import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { Realm } from '../../../shared/schemas';
import { fetchSession, useReplaceSession } from '../../app/session';
import { logout } from './auth.api';

/** Logs out, loads the fresh anonymous session and returns to the realm's login page. */
export function useLogout(realm: Realm) {
  const replaceSession = useReplaceSession();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async () => {
      await logout();
      return fetchSession();
    },
    onSuccess: (session) => {
      replaceSession(session);
      void navigate({ to: realm === 'staff' ? '/staff' : '/' });
    },
  });
}
