import { useEffect } from 'react';
import { useSession } from './session';

/** The document title of a page: what the page is, then whose portal it is (WCAG 2.4.2). */
export function pageTitle(title: string | undefined, tenantName: string): string {
  return title ? `${title} – ${tenantName}` : tenantName;
}

/**
 * Sets `<title>` for the page that calls it, in the UI language (pass a translated string).
 * AppLayout calls it with its `title` prop, so a page normally just passes `title` to AppLayout.
 */
export function usePageTitle(title: string | undefined): void {
  const tenantName = useSession().tenant.name;
  useEffect(() => {
    document.title = pageTitle(title, tenantName);
  }, [title, tenantName]);
}
