import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browserLanguage, initI18n, setDocumentLanguage } from './app/i18n';
import { Providers } from './app/providers';
import { createQueryClient } from './app/query-client';
import { createAppRouter } from './app/router';
import { sessionLanguage, sessionQuery } from './app/session';

const queryClient = createQueryClient();
const router = createAppRouter();

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('The page has no #root element');
const root = createRoot(rootElement);

/*
 * The session comes first: it names the user's language, so the first render loads that
 * language's texts only (one small chunk), already in the right language, and SessionGate finds
 * the session in the cache. Without a session (offline, server error) the browser's language is
 * used and SessionGate shows the error. A failed text load still renders.
 */
setDocumentLanguage(browserLanguage());
void queryClient
  .fetchQuery(sessionQuery)
  .then(sessionLanguage, () => undefined)
  .then((language) => {
    const i18n = initI18n({ language });
    const render = () =>
      root.render(
        <StrictMode>
          <Providers queryClient={queryClient} i18n={i18n}>
            <RouterProvider router={router} />
          </Providers>
        </StrictMode>,
      );
    return i18n.ready.then(render, render);
  });
