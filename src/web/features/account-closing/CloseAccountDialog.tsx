import { Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountOwnerSectionDto } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { type ClosingRealm, closeAccount, closingErrorMessage } from './account-closing.api';
import { RetainedList } from './RetainedList';

/** Delete account: what is erased, what is kept until when, and the account name typed to confirm. */
export function CloseAccountDialog({
  section,
  realm,
  opened,
  onClose,
  onClosed,
}: {
  section: AccountOwnerSectionDto;
  realm: ClosingRealm;
  opened: boolean;
  onClose: () => void;
  onClosed: (s: AccountOwnerSectionDto) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const close = useMutation({
    mutationFn: () => closeAccount(realm, section.accountId, name),
    onSuccess: (s) => {
      onClose();
      onClosed(s);
    },
  });
  const mismatch = isApiError(close.error) && close.error.code === 'confirmation_mismatch';
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('accountClosing.delete.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          close.mutate();
        }}
      >
        <Stack>
          <Text size="sm">{t('accountClosing.delete.intro')}</Text>
          <div data-testid="erased">
            <Text size="sm" fw={500} mb={4}>
              {t('accountClosing.erased.title')}
            </Text>
            <List size="sm" spacing={4}>
              {section.erased.map((e) => (
                <List.Item key={e}>{t(`accountClosing.erased.${e}`)}</List.Item>
              ))}
            </List>
          </div>
          <RetainedList section={section} />
          {close.isError && !mismatch && (
            <ErrorBanner error={close.error} message={closingErrorMessage(close.error, t)} />
          )}
          <TextInput
            label={t('accountClosing.delete.confirmLabel', { name: section.accountName })}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={mismatch ? t('accountClosing.problems.confirmation_mismatch') : undefined}
            autoComplete="off"
            required
            data-testid="confirm-name"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={close.isPending} disabled={name.trim() === ''}>
              {t('accountClosing.delete.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
