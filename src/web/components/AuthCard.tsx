import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

type AuthCardProps = {
  /** The card's maximum width in pixels. */
  width: number;
  title: string;
  /** A dimmed line under the title, if any. */
  intro?: string | undefined;
  children: ReactNode;
};

/** The centred card of the pages before and around logging in: title, optional intro, content. */
export function AuthCard({ width, title, intro, children }: AuthCardProps) {
  return (
    <Paper withBorder shadow="sm" p="xl" radius="md" maw={width} mx="auto" mt="xl">
      <Stack>
        <div>
          <Title order={1} size="h2">
            {title}
          </Title>
          {intro && (
            <Text size="sm" c="dimmed" mt={4}>
              {intro}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}
