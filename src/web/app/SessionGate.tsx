import { Center, Container } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorBanner } from '../components/ErrorBanner';
import { LoadingIndicator } from '../components/LoadingIndicator';
import { sessionQuery, useLanguageFromSession } from './session';

/** Loads the session (and with it the CSRF cookie) before any page renders. */
export function SessionGate({ children }: { children: ReactNode }) {
  const session = useQuery(sessionQuery);
  useLanguageFromSession(session.data);
  // The document title is set by each page (AppLayout's `title`, app/page-title.ts).
  if (session.data) return children;
  if (session.isError) {
    return (
      <Container size="xs" py="xl">
        <ErrorBanner error={session.error} onRetry={() => void session.refetch()} />
      </Container>
    );
  }
  return (
    <Center h="100vh">
      <LoadingIndicator />
    </Center>
  );
}
