import { QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api';
import { sessionQueryKey } from './session';

const MAX_NETWORK_RETRIES = 2;

/** Retries only network failures; an HTTP problem is an answer, not a hiccup. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return isApiError(error) && error.kind === 'network' && failureCount < MAX_NETWORK_RETRIES;
}

export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A 401 on a data request means the session ended: reload it so the page shows the login.
        if (isApiError(error) && error.status === 401 && query.queryKey[0] !== sessionQueryKey[0]) {
          void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
        }
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
