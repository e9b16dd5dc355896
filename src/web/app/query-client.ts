import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api';
import { sessionQueryKey } from './session';

const MAX_NETWORK_RETRIES = 2;

/** Retries only network failures; an HTTP problem is an answer, not a hiccup. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return isApiError(error) && error.kind === 'network' && failureCount < MAX_NETWORK_RETRIES;
}

export function createQueryClient(): QueryClient {
  // A 401 means the session ended (or, on a login form, was never there): reload the session so
  // the page shows the login. The login form keeps its own generic message.
  const reloadSessionOn401 = (error: unknown) => {
    if (isApiError(error) && error.status === 401)
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.queryKey[0] !== sessionQueryKey[0]) reloadSessionOn401(error);
      },
    }),
    mutationCache: new MutationCache({ onError: reloadSessionOn401 }),
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
