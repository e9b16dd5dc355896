import { Button, Group, List, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { priceChangeBody, type TariffDto, type TariffItemDto } from '../../../shared/schemas';
import { problemFieldErrors, schemaFieldErrors } from '../../app/form-errors';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AppForm } from '../../components/AppForm';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingIndicator } from '../../components/LoadingIndicator';
import { localizedTextOf } from '../../components/localized-values';
import { formatUnitPrice } from '../../components/price-list';
import { announcePriceChange, catalogKeys, fetchPriceChanges } from './catalog.api';
import { TariffInUseNotice } from './TariffInUseNotice';

type Values = { unitPrice: string; validFrom: string };

const bodyOf = (v: Values) => ({ unitPrice: v.unitPrice.trim().replace(',', '.'), validFrom: v.validFrom });

/**
 * The price of an item from a date (today or later): the way prices of a tariff in use change, so
 * that periods already begun keep their price. Lists the item's earlier and announced changes.
 */
export function PriceChangeDialog({
  tariff,
  item,
  onClose,
}: {
  tariff: TariffDto;
  item: TariffItemDto | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={item !== null} onClose={onClose} title={t('catalog.priceChange.title')} size="lg">
      {item && <PriceChangeForm tariff={tariff} item={item} onDone={onClose} />}
    </Modal>
  );
}

function PriceChangeForm({
  tariff,
  item,
  onDone,
}: {
  tariff: TariffDto;
  item: TariffItemDto;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const queryClient = useQueryClient();
  const currency = session.tenant.currency;
  const changes = useQuery({
    queryKey: catalogKeys.priceChanges(item.id),
    queryFn: ({ signal }) => fetchPriceChanges(item.id, signal),
  });
  const form = useForm<Values>({
    initialValues: { unitPrice: '', validFrom: '' },
    validate: (values) =>
      schemaFieldErrors(priceChangeBody, bodyOf(values), t, (issue, field) => {
        if (field === 'unitPrice')
          return values.unitPrice.trim() ? t('catalog.validation.price') : t('validation.required');
        if (field === 'validFrom') return t('validation.required');
        return issue.message;
      }),
  });
  const save = useMutation({
    mutationFn: (values: Values) => announcePriceChange(item.id, bodyOf(values)),
    onSuccess: (list) => {
      queryClient.setQueryData(catalogKeys.priceChanges(item.id), list);
      void queryClient.invalidateQueries({ queryKey: catalogKeys.tariff(tariff.id) });
      notifications.show({
        color: 'green',
        message: t('catalog.priceChange.saved'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
      onDone();
    },
    onError: (error) => form.setErrors(problemFieldErrors(error, t, { namespace: 'catalog.problems' })),
  });
  const title = localizedTextOf(item.title, locale) || t('catalog.untitled');
  const hasFieldErrors = Object.keys(form.errors).length > 0;
  return (
    <AppForm onSubmit={form.onSubmit((v) => save.mutate(v))} data-testid="price-change-form">
      <Stack gap="md">
        <Text size="sm">
          {t('catalog.priceChange.intro', {
            item: title,
            price: formatUnitPrice(item.unitPrice, currency, locale),
          })}
        </Text>
        <TariffInUseNotice tariff={tariff} context="price" />
        {save.isError && !hasFieldErrors && <ErrorBanner error={save.error} />}
        <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput
            label={t('catalog.priceChange.newPrice')}
            description={t('catalog.items.unitPriceHint', { currency })}
            required
            inputMode="decimal"
            miw={180}
            data-testid="price-change-price"
            {...form.getInputProps('unitPrice')}
          />
          <TextInput
            label={t('catalog.priceChange.validFrom')}
            description={t('catalog.priceChange.validFromHint')}
            type="date"
            min={session.today}
            required
            miw={180}
            data-testid="price-change-date"
            {...form.getInputProps('validFrom')}
          />
        </Group>
        <Text size="xs" c="dimmed">
          {t('catalog.priceChange.announced')}
        </Text>
        <Stack gap={4}>
          <Title order={3} size="h6">
            {t('catalog.priceChange.history')}
          </Title>
          {changes.isPending && <LoadingIndicator />}
          {changes.isError && <ErrorBanner error={changes.error} onRetry={() => void changes.refetch()} />}
          {changes.data && changes.data.items.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('catalog.priceChange.none')}
            </Text>
          )}
          {changes.data && changes.data.items.length > 0 && (
            <List size="sm" spacing={2} data-testid="price-change-list">
              {changes.data.items.map((change) => (
                <List.Item key={change.id}>
                  {t('catalog.priceChange.row', {
                    date: formatPlainDate(change.validFrom, locale),
                    from: formatUnitPrice(change.previousUnitPrice, currency, locale),
                    to: formatUnitPrice(change.unitPrice, currency, locale),
                  })}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('catalog.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="price-change-save">
            {t('catalog.priceChange.submit')}
          </Button>
        </Group>
      </Stack>
    </AppForm>
  );
}
