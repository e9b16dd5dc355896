import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AccountDetail, accountDetail, customerNumberBody } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { zodFieldErrors } from '../../app/validation';
import { AppForm } from '../../components/AppForm';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorBanner } from '../../components/ErrorBanner';
import { accountKeys, type CustomerNumberChange, changeCustomerNumber } from './accounts.api';

type FormValues = { customerNumber: string; reason: string };

function toChange(values: FormValues, version: number): CustomerNumberChange {
  const reason = values.reason.trim();
  return { customerNumber: values.customerNumber.trim() || null, version, reason: reason || undefined };
}

/** The current account sent with a 409 for a stale version, if it is one. */
function conflictingAccount(error: unknown): AccountDetail | null {
  if (!isApiError(error) || error.status !== 409 || error.code === 'customer_number_taken') return null;
  const parsed = accountDetail.safeParse(error.problem?.current);
  return parsed.success ? parsed.data : null;
}

/** Edits the customer number, sending the version read so a concurrent change is not overwritten. */
export function CustomerNumberForm({ account }: { account: AccountDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<AccountDetail | null>(null);
  const form = useForm<FormValues>({
    initialValues: { customerNumber: account.customerNumber ?? '', reason: '' },
    validate: (values) => zodFieldErrors(customerNumberBody, toChange(values, account.version), t),
  });

  const save = useMutation({
    mutationFn: (values: FormValues) => changeCustomerNumber(account.id, toChange(values, account.version)),
    onSuccess: (saved) => {
      setConflict(null);
      queryClient.setQueryData(accountKeys.detail(account.id), saved);
      void queryClient.invalidateQueries({ queryKey: accountKeys.auditAll(account.id) });
      void queryClient.invalidateQueries({ queryKey: ['accounts', 'list'] });
      const next = { customerNumber: saved.customerNumber ?? '', reason: '' };
      form.setValues(next);
      form.resetDirty(next);
      notifications.show({
        color: 'green',
        message: t('accounts.customerNumber.saved'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      if (error.code === 'customer_number_taken') {
        form.setFieldError('customerNumber', t('accounts.customerNumber.taken'));
        return;
      }
      form.setErrors(error.fieldErrors);
      const current = conflictingAccount(error);
      if (current) {
        setConflict(current);
        // The newer version becomes the base of the next save; the user's input stays in the form.
        queryClient.setQueryData(accountKeys.detail(account.id), current);
      }
    },
  });
  const showErrorBanner =
    save.isError && !conflict && !(isApiError(save.error) && save.error.code === 'customer_number_taken');

  return (
    <AppForm onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm">
        {conflict && (
          <ConflictAlert
            text={t('accounts.customerNumber.conflict', {
              current: conflict.customerNumber ?? t('accounts.customerNumber.none'),
            })}
            actionLabel={t('accounts.customerNumber.useCurrent')}
            onUseCurrent={() => {
              form.setFieldValue('customerNumber', conflict.customerNumber ?? '');
              setConflict(null);
            }}
          />
        )}
        {showErrorBanner && <ErrorBanner error={save.error} />}
        <Group align="flex-start" grow preventGrowOverflow={false}>
          <TextInput
            label={t('accounts.fields.customerNumber')}
            description={t('accounts.customerNumber.hint')}
            data-testid="customer-number-input"
            {...form.getInputProps('customerNumber')}
          />
          <TextInput
            label={t('accounts.customerNumber.reason')}
            description={t('accounts.customerNumber.reasonHint')}
            {...form.getInputProps('reason')}
          />
        </Group>
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="customer-number-save">
            {t('accounts.customerNumber.save')}
          </Button>
        </Group>
      </Stack>
    </AppForm>
  );
}
