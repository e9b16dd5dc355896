import { Alert, Button, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type ConflictAlertProps = {
  /** What changed and what saving again does; the title defaults to "changed in the meantime". */
  text: ReactNode;
  /** Label of the button that replaces the user's entries with the current version. */
  actionLabel: string;
  onUseCurrent: () => void;
  title?: string;
};

/** Shown after a save was refused for a stale version: the entries are kept, the current version can be loaded. */
export function ConflictAlert({ text, actionLabel, onUseCurrent, title }: ConflictAlertProps) {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" variant="light" role="alert" title={title ?? t('common.conflict.title')}>
      <Text size="sm">{text}</Text>
      <Button size="xs" variant="outline" color="yellow" mt="xs" onClick={onUseCurrent}>
        {actionLabel}
      </Button>
    </Alert>
  );
}
