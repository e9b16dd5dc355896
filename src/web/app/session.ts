import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/locales';
import type { Realm, SessionInfo } from '../../shared/schemas';
import { apiRequest, SESSION_PATH } from './api';
import { setDocumentLanguage, useLocale } from './i18n';
import { browserLanguages, pickLanguage, readStoredLanguage, storeLanguage } from './language';

export const sessionQueryKey = ['session'] as const;

/** GET /api/v1/session — also sets the CSRF cookie, so it is the first call the app makes. */
export function fetchSession(): Promise<SessionInfo> {
  return apiRequest(SESSION_PATH, { response: 'sessionInfo' });
}

export const sessionQuery = queryOptions({
  queryKey: sessionQueryKey,
  queryFn: fetchSession,
  staleTime: 60_000,
});

/** The current session; only used below SessionGate, which waits for it. */
export function useSession(): SessionInfo {
  const { data } = useQuery(sessionQuery);
  if (!data) throw new Error('useSession used before the session was loaded');
  return data;
}

/** The logged-in user of a realm, or null when this browser is not logged in to that realm. */
export function useRealmUser(realm: Realm): { name: string; email: string } | null {
  const session = useSession();
  if (session.realm !== realm) return null;
  return realm === 'staff' ? session.staff : session.client;
}

export function userLocale(session: SessionInfo): string | null {
  if (session.realm === 'staff') return session.staff?.locale ?? null;
  if (session.realm === 'client') return session.client?.locale ?? null;
  return null;
}

/** The UI language for a session: the user's, else this browser's choice, else the browser language, else the tenant default. */
export function sessionLanguage(session: SessionInfo): Locale {
  return pickLanguage({
    userLocale: userLocale(session),
    storedLocale: readStoredLanguage(),
    browserLanguages: browserLanguages(),
    tenantDefault: session.tenant.defaultLocale,
  });
}

/** Applies the session's language (sessionLanguage) whenever the session changes. */
export function useLanguageFromSession(session: SessionInfo | undefined): void {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (!session) return;
    const lng = sessionLanguage(session);
    if (i18n.language !== lng) void i18n.changeLanguage(lng);
    setDocumentLanguage(lng);
  }, [session, i18n]);
}

/** Replaces the session after login or logout and drops every cached answer of the previous user. */
export function useReplaceSession(): (next: SessionInfo) => void {
  const queryClient = useQueryClient();
  return (next) => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
    queryClient.setQueryData(sessionQueryKey, next);
  };
}

function withUserLocale(session: SessionInfo, locale: Locale): SessionInfo {
  if (session.realm === 'staff' && session.staff) return { ...session, staff: { ...session.staff, locale } };
  if (session.realm === 'client' && session.client)
    return { ...session, client: { ...session.client, locale } };
  return session;
}

/** Switches the UI language, remembers it in this browser and, when logged in, for the user. */
export function useChangeLanguage(): { change: (locale: Locale) => void; current: Locale; failed: boolean } {
  const { i18n } = useTranslation();
  const current = useLocale();
  const queryClient = useQueryClient();
  const session = useSession();
  const save = useMutation({
    mutationFn: (locale: Locale) => apiRequest('/api/v1/me/preferences', { method: 'PUT', body: { locale } }),
  });
  const change = (locale: Locale) => {
    storeLanguage(locale);
    void i18n.changeLanguage(locale);
    setDocumentLanguage(locale);
    if (session.realm) {
      queryClient.setQueryData<SessionInfo>(sessionQueryKey, (old) =>
        old ? withUserLocale(old, locale) : old,
      );
      save.mutate(locale);
    }
  };
  return { change, current, failed: save.isError };
}

/** Logs out, loads the fresh anonymous session and returns to the realm's login page. */
export function useLogout(realm: Realm) {
  const replaceSession = useReplaceSession();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async () => {
      await apiRequest('/api/v1/logout', { method: 'POST' });
      return fetchSession();
    },
    onSuccess: (session) => {
      replaceSession(session);
      void navigate({ to: realm === 'staff' ? '/staff' : '/' });
    },
  });
}
