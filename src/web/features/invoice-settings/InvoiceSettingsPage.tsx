import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type InvoiceSettingsDto, invoiceSettingsDto } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { isStaleVersion, problemFieldErrors } from '../../app/form-errors';
import { useSession } from '../../app/session';
import { AppForm } from '../../components/AppForm';
import { AppLayout } from '../../components/AppLayout';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NotAvailable } from '../../components/NotAvailable';
import { PageLoader } from '../../components/PageLoader';
import { PaymentTermsFields } from '../../components/PaymentTermsFields';
import { fetchInvoiceSettings, invoiceSettingsKey, saveInvoiceSettings } from './invoice-settings.api';
import {
  type InvoiceSettingsFormValues,
  invoiceSettingsBodyOf,
  invoiceSettingsFormValues,
  problemNamespace,
  validateInvoiceSettings,
} from './invoice-settings-form';

export function InvoiceSettingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = session.abilities['invoice.manage'] === true;
  return (
    <AppLayout realm="staff" title={t('invoiceSettings.title')}>
      <Stack>
        <div>
          <Title order={1} size="h2">
            {t('invoiceSettings.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('invoiceSettings.intro')}
          </Text>
        </div>
        {canManage ? <InvoiceSettingsLoader /> : <NotAvailable />}
      </Stack>
    </AppLayout>
  );
}

function InvoiceSettingsLoader() {
  const settings = useQuery({
    queryKey: invoiceSettingsKey,
    queryFn: ({ signal }) => fetchInvoiceSettings(signal),
  });
  if (settings.isPending) return <PageLoader />;
  if (settings.isError) return <ErrorBanner error={settings.error} onRetry={() => void settings.refetch()} />;
  return <InvoiceSettingsForm settings={settings.data} />;
}

function InvoiceSettingsForm({ settings }: { settings: InvoiceSettingsDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(settings.version);
  const [conflict, setConflict] = useState<InvoiceSettingsDto | null>(null);
  const form = useForm<InvoiceSettingsFormValues>({
    initialValues: invoiceSettingsFormValues(settings),
    validate: (values) => validateInvoiceSettings(values, t),
  });
  const canSave = settings.abilities['invoice.manage'] === true;

  const save = useMutation({
    mutationFn: (values: InvoiceSettingsFormValues) =>
      saveInvoiceSettings(invoiceSettingsBodyOf(values, version)),
    onSuccess: (saved) => {
      setConflict(null);
      setVersion(saved.version);
      queryClient.setQueryData(invoiceSettingsKey, saved);
      const next = invoiceSettingsFormValues(saved);
      form.setValues(next);
      form.resetDirty(next);
      notifications.show({
        color: 'green',
        message: t('invoiceSettings.saved'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    },
    onError: (error) => {
      form.setErrors(problemFieldErrors(error, t, { namespace: problemNamespace }));
      if (!isStaleVersion(error) || !isApiError(error)) return;
      const current = invoiceSettingsDto.safeParse(error.problem?.current);
      if (!current.success) return;
      // Saved by someone else meanwhile: their version is the base of the next save, the input stays.
      setConflict(current.data);
      setVersion(current.data.version);
      queryClient.setQueryData(invoiceSettingsKey, current.data);
    },
  });
  const terms = form.getValues().paymentTerms;

  return (
    <AppForm onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="lg">
        {settings.version === 0 && !conflict && (
          <Alert color="blue" variant="light" data-testid="invoice-settings-new">
            {t('invoiceSettings.notYetSaved')}
          </Alert>
        )}
        {conflict && (
          <ConflictAlert
            text={t('invoiceSettings.conflict')}
            actionLabel={t('invoiceSettings.useCurrent')}
            onUseCurrent={() => {
              const current = invoiceSettingsFormValues(conflict);
              form.setValues(current);
              form.resetDirty(current);
              form.clearErrors();
              setConflict(null);
            }}
          />
        )}
        {save.isError && !conflict && <ErrorBanner error={save.error} />}

        <Card withBorder padding="lg" radius="md">
          <Title order={2} size="h4">
            {t('invoiceSettings.terms.title')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('invoiceSettings.terms.intro')}
          </Text>
          <PaymentTermsFields
            inputProps={(field, options) => form.getInputProps(`paymentTerms.${field}`, options)}
            textProps={(lang) => form.getInputProps(`paymentTerms.text.${lang}`)}
            textError={form.errors['paymentTerms.text']}
            onTextEdit={() => form.clearFieldError('paymentTerms.text')}
            hasDiscount={terms.hasDiscount}
            withHints
            dueDaysTestId="due-days"
          />
        </Card>

        <Card withBorder padding="lg" radius="md">
          <Title order={2} size="h4">
            {t('invoiceSettings.issuer.title')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('invoiceSettings.issuer.intro')}
          </Text>
          <Stack gap="sm">
            <TextInput
              label={t('invoiceSettings.issuer.name')}
              required
              data-testid="issuer-name"
              {...form.getInputProps('issuer.name')}
            />
            <TextInput
              label={t('invoiceSettings.issuer.street')}
              required
              {...form.getInputProps('issuer.street')}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput
                label={t('invoiceSettings.issuer.postalCode')}
                required
                {...form.getInputProps('issuer.postalCode')}
              />
              <TextInput
                label={t('invoiceSettings.issuer.city')}
                required
                {...form.getInputProps('issuer.city')}
              />
              <TextInput
                label={t('invoiceSettings.issuer.country')}
                description={t('invoiceSettings.issuer.countryHint')}
                required
                maxLength={2}
                styles={{ input: { textTransform: 'uppercase' } }}
                {...form.getInputProps('issuer.country')}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('invoiceSettings.issuer.vatId')}
                description={t('invoiceSettings.issuer.vatIdHint')}
                data-testid="issuer-vat-id"
                {...form.getInputProps('issuer.vatId')}
              />
              <TextInput
                label={t('invoiceSettings.issuer.taxNumber')}
                description={t('invoiceSettings.issuer.taxNumberHint')}
                {...form.getInputProps('issuer.taxNumber')}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput
                label={t('invoiceSettings.issuer.iban')}
                required
                data-testid="issuer-iban"
                {...form.getInputProps('issuer.iban')}
              />
              <TextInput label={t('invoiceSettings.issuer.bic')} {...form.getInputProps('issuer.bic')} />
              <TextInput
                label={t('invoiceSettings.issuer.bankName')}
                {...form.getInputProps('issuer.bankName')}
              />
            </SimpleGrid>
          </Stack>
        </Card>

        {canSave && (
          <Group>
            <Button type="submit" loading={save.isPending} data-testid="invoice-settings-save">
              {t('invoiceSettings.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </AppForm>
  );
}
