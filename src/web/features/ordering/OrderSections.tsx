import { Alert, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderPage as OrderPageData } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { ContractPartnerFields } from './ContractPartnerFields';
import { CustomerTypeFields } from './CustomerTypeFields';
import type { OrderForm } from './order-page';
import { TariffChoice } from './TariffChoice';

/** While the order page loads or when it cannot be shown: a loader, "not orderable" or the error. */
export function OrderPageStatus({ page }: { page: UseQueryResult<OrderPageData, unknown> }) {
  const { t } = useTranslation();
  const notOrderable = isApiError(page.error) && page.error.code === 'module_not_orderable';
  return (
    <>
      {page.isPending && <PageLoader />}
      {notOrderable && (
        <Alert color="yellow" variant="light" role="alert">
          {t('ordering.notOrderable')}
        </Alert>
      )}
      {page.isError && !notOrderable && (
        <ErrorBanner error={page.error} onRetry={() => void page.refetch()} />
      )}
    </>
  );
}

/**
 * The tariffs to choose from, or why there are none (without an offer number). A private person
 * is not offered business-only tariffs (the server refuses them too). `client`: the client's name
 * when staff order on the client's behalf.
 */
export function TariffSection({
  data,
  form,
  client,
}: {
  data: OrderPageData;
  form: OrderForm;
  client?: string;
}) {
  const { t } = useTranslation();
  const consumer = (data.customerType ?? form.values.customerType) === 'consumer';
  const tariffs = consumer ? data.tariffs.filter((tariff) => !tariff.businessOnly) : data.tariffs;
  useEffect(() => {
    // A business-only tariff chosen before "private person" was picked is no longer offered.
    if (consumer && form.values.tariffId && !tariffs.some((x) => x.id === form.values.tariffId))
      form.setFieldValue('tariffId', tariffs[0]?.id ?? '');
  });
  return tariffs.length > 0 ? (
    <TariffChoice
      tariffs={tariffs}
      value={form.values.tariffId || null}
      onChange={(id) => form.setFieldValue('tariffId', id)}
      currency={data.currency}
      error={form.errors.tariffId as string | undefined}
      client={client}
    />
  ) : (
    <Alert color="blue" variant="light" data-testid="no-public-tariff">
      {client === undefined
        ? t('ordering.tariffs.noneWithoutOffer')
        : t('ordering.staff.noneWithoutOffer', { client })}
    </Alert>
  );
}

/** The contract partner of the first order, in a card, after "business or private person". */
export function ContractPartnerCard({
  form,
  intro,
  client,
}: {
  form: OrderForm;
  intro: string;
  /** The client's name when staff order on the client's behalf. */
  client?: string;
}) {
  return (
    <Card withBorder padding="lg" radius="md">
      <CustomerTypeFields form={form} client={client} />
      <ContractPartnerFields
        intro={intro}
        error={form.errors.contractPartner as string | undefined}
        inputProps={(field) => form.getInputProps(`contractPartner.${field}`)}
      />
    </Card>
  );
}

type OfferNumberFieldProps = {
  current: string | undefined;
  unknown: boolean;
  revealed: boolean;
  /** Loads the page data for the offer number (undefined: none); it does not submit the order. */
  onApply: (offerNumber: string | undefined) => void;
  /** The id of the "unknown offer number" message. */
  errorId: string;
  /** The client's name when staff order on the client's behalf (whose offer it is). */
  client?: string;
};

/** The offer-number field: asks for the page data with the non-public tariff an offer number names. */
export function OfferNumberField({
  current,
  unknown,
  revealed,
  onApply,
  errorId,
  client,
}: OfferNumberFieldProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState(current ?? '');
  const apply = () => onApply(value.trim() || undefined);
  return (
    <Card withBorder padding="md" radius="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('ordering.offer.label')}
          description={
            client === undefined
              ? t(revealed ? 'ordering.offer.revealed' : 'ordering.offer.hint')
              : t(revealed ? 'ordering.staff.offerRevealed' : 'ordering.staff.offerHint', { client })
          }
          value={value}
          onChange={(event) => setValue(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              // The offer number reloads the page data; it does not submit the order.
              event.preventDefault();
              apply();
            }
          }}
          error={unknown}
          aria-describedby={unknown ? errorId : undefined}
          style={{ flex: '1 1 260px' }}
          data-testid="offer-number"
        />
        <Button variant="default" onClick={apply} data-testid="offer-number-apply">
          {t('ordering.offer.apply')}
        </Button>
      </Group>
      {unknown && (
        <Text id={errorId} size="sm" c="red" mt={6} role="alert">
          {t('ordering.offer.unknown')}
        </Text>
      )}
    </Card>
  );
}

/**
 * ADR 0007: the module is already booked for the account (not ended as of today). It cannot be
 * ordered again; the link leads to its booking, where the tariff can be changed.
 */
export function AlreadyBookedNotice({
  booking,
  link,
}: {
  booking: NonNullable<OrderPageData['currentBooking']>;
  link: ReactNode;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Alert color="blue" variant="light" title={t('oneBooking.title')} data-testid="already-booked">
      <Stack gap={6}>
        <Text size="sm">
          {booking.endDate
            ? t('oneBooking.untilEnd', { end: formatPlainDate(booking.endDate, locale) })
            : t('oneBooking.running', { start: formatPlainDate(booking.startDate, locale) })}
        </Text>
        {link}
      </Stack>
    </Alert>
  );
}
