import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { type ReactNode, useMemo } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { createAppTheme, cssVariablesResolver } from './theme';

type ProvidersProps = { queryClient: QueryClient; i18n: I18n; children: ReactNode };

/** How long a notification stays; it pauses while hovered and never needs closing by hand. */
export const NOTIFICATION_MS = 5000;

export function Providers({ queryClient, i18n, children }: ProvidersProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <ThemedApp>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </ThemedApp>
    </I18nextProvider>
  );
}

function ThemedApp({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the theme's texts change with the language
  const theme = useMemo(() => createAppTheme(t), [t, i18n.language]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      {/* Top right: away from the forms' buttons and fields, so a message never covers the next input. */}
      <Notifications position="top-right" autoClose={NOTIFICATION_MS} zIndex={1000} />
      {children}
    </MantineProvider>
  );
}
