import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookingDto, OrderPage as OrderPageData } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppForm } from '../../components/AppForm';
import { AppLayout } from '../../components/AppLayout';
import { ErrorBanner } from '../../components/ErrorBanner';
import { localizedTextOf } from '../../components/localized-values';
import { NotAvailable } from '../../components/NotAvailable';
import { bookingKeys } from '../bookings/bookings.api';
import { useIdempotencyKey } from './idempotency';
import { OrderConfirmation } from './OrderConfirmation';
import {
  AlreadyBookedNotice,
  ContractPartnerCard,
  OfferNumberField,
  OrderPageStatus,
  TariffSection,
} from './OrderSections';
import { type OrderFormValues, toOrderBody } from './order-form';
import { orderContext, tariffOf, useOrdered, useOrderForm, useOrderPageQuery } from './order-page';
import { fetchStaffOrderPage, orderingKeys, placeOrderOnBehalf } from './ordering.api';
import type { ChoosableTariff } from './TariffChoice';

/**
 * `/staff/accounts/$id/order/$moduleId`: staff order a module on the client's behalf. The server's
 * order page for the account decides which tariffs are offered: a manager or above every tariff of
 * the module, an employee the public ones and the one an offer number reveals. It also says whether
 * this is the first order (then the contract partner goes along). Every text names the client (the
 * account's name): staff order for someone else, and are not thanked for it.
 */
export function StaffOrderPage({ accountId, moduleId }: { accountId: string; moduleId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const idempotencyKey = useIdempotencyKey();
  const [offerNumber, setOfferNumber] = useState<string | undefined>(undefined);
  const [ordered, onOrdered] = useOrdered();
  // Whom the order is for: the account's name from its order page (kept for the confirmation).
  const [client, setClient] = useState<string | undefined>(undefined);
  const canOrder = session.abilities['module.order'] === true;
  const { shown, offerUnknown } = useOrderPageQuery({
    queryKey: (offer) => orderingKeys.staffPage(accountId, moduleId, offer),
    fetch: (offer, signal) => fetchStaffOrderPage(accountId, moduleId, offer, signal),
    offerNumber,
    enabled: canOrder && ordered === null,
  });
  const clientName = shown.data?.accountName ?? client;

  return (
    <AppLayout
      realm="staff"
      title={clientName ? t('titles.staffOrderFor', { client: clientName }) : t('titles.staffOrder')}
    >
      <Stack>
        <AnchorLink to="/staff/accounts/$id" params={{ id: accountId }} search={{ tab: 'modules' }} size="sm">
          ← {t('bookings.page.backToAccount')}
        </AnchorLink>
        {!canOrder ? (
          <NotAvailable />
        ) : ordered ? (
          <OrderConfirmation
            title={t('ordering.staff.confirmationTitle', { client: clientName })}
            intro={t('ordering.staff.confirmationIntro', { client: clientName })}
            booking={ordered.booking}
            tariff={ordered.tariff}
            emailNote={t('ordering.staff.emailNote', { client: clientName })}
            actions={
              <>
                <AnchorLink
                  to="/staff/accounts/$id/bookings/$bookingId"
                  params={{ id: accountId, bookingId: ordered.booking.id }}
                >
                  {t('ordering.confirmation.fillIn')}
                </AnchorLink>
                <AnchorLink to="/staff/accounts/$id" params={{ id: accountId }} search={{ tab: 'modules' }}>
                  {t('bookings.page.backToAccount')}
                </AnchorLink>
              </>
            }
          />
        ) : (
          <>
            <OrderPageStatus page={shown} />
            {shown.data?.currentBooking && (
              <AlreadyBookedNotice
                booking={shown.data.currentBooking}
                link={
                  <AnchorLink
                    to="/staff/accounts/$id/bookings/$bookingId"
                    params={{ id: accountId, bookingId: shown.data.currentBooking.id }}
                  >
                    {t('oneBooking.toBooking')}
                  </AnchorLink>
                }
              />
            )}
            {shown.data && !shown.data.currentBooking && (
              <StaffOrderForm
                accountId={accountId}
                data={shown.data}
                offerNumber={offerUnknown ? undefined : offerNumber}
                offerUnknown={offerUnknown}
                onOfferNumber={setOfferNumber}
                idempotencyKey={idempotencyKey}
                onOrdered={(booking, tariff) => {
                  setClient(shown.data?.accountName);
                  onOrdered(booking, tariff);
                }}
              />
            )}
          </>
        )}
      </Stack>
    </AppLayout>
  );
}

type StaffOrderFormProps = {
  accountId: string;
  data: OrderPageData;
  /** The offer number that revealed a non-public tariff (employees), if any. */
  offerNumber: string | undefined;
  offerUnknown: boolean;
  onOfferNumber: (offerNumber: string | undefined) => void;
  idempotencyKey: string;
  onOrdered: (booking: BookingDto, tariff: ChoosableTariff | undefined) => void;
};

function StaffOrderForm({
  accountId,
  data,
  offerNumber,
  offerUnknown,
  onOfferNumber,
  idempotencyKey,
  onOrdered,
}: StaffOrderFormProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const queryClient = useQueryClient();
  const anyTariff = session.abilities['module.orderAnyTariff'] === true;
  // The server has the last word on the first order: a refusal naming the partner switches the form.
  const [withPartner, setWithPartner] = useState(data.isFirstOrder);
  const revealed = offerNumber ? data.tariffs.find((tariff) => !tariff.isPublic) : undefined;

  const client = data.accountName;
  const context = (values: OrderFormValues) =>
    orderContext(data, values, {
      withContractPartner: withPartner,
      termsId: null,
      offerNumber,
      idempotencyKey,
      client,
    });
  const form = useOrderForm(data, revealed?.id, context);

  const submit = useMutation({
    mutationFn: (values: OrderFormValues) =>
      placeOrderOnBehalf(accountId, toOrderBody(values, context(values))),
    onSuccess: (result, values) => {
      void queryClient.invalidateQueries({ queryKey: bookingKeys.ofAccount(accountId) });
      void queryClient.invalidateQueries({ queryKey: ['accounts', 'audit', accountId] });
      void queryClient.invalidateQueries({ queryKey: orderingKeys.all });
      onOrdered(result.booking, tariffOf(data, values.tariffId));
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      const partnerProblem = error.problem?.errors?.find(
        (e) => e.field.replace(/^body[./]/, '') === 'contractPartner',
      );
      if (partnerProblem?.code === 'required') setWithPartner(true);
      if (partnerProblem?.code === 'already_set') setWithPartner(false);
      form.setErrors(error.fieldErrors);
    },
  });

  return (
    <AppForm onSubmit={form.onSubmit((values) => submit.mutate(values))}>
      <Stack gap="lg">
        <div>
          <Title order={1} size="h2" data-testid="order-title">
            {t('ordering.staff.title', { module: localizedTextOf(data.module.name, locale), client })}
          </Title>
          <Text size="sm" c="dimmed">
            {anyTariff ? t('ordering.staff.anyTariff') : t('ordering.staff.publicOnly')}
          </Text>
        </div>
        <TariffSection data={data} form={form} client={client} />
        {!anyTariff && (
          <OfferNumberField
            current={offerNumber}
            unknown={offerUnknown}
            revealed={Boolean(revealed)}
            onApply={onOfferNumber}
            errorId="staff-offer-number-error"
            client={client}
          />
        )}
        {withPartner && (
          <ContractPartnerCard
            form={form}
            intro={t('ordering.partner.introStaff', { client })}
            client={client}
          />
        )}
        {submit.isError && <ErrorBanner error={submit.error} />}
        <Group>
          <Button
            type="submit"
            size="md"
            loading={submit.isPending}
            disabled={data.tariffs.length === 0}
            data-testid="order-submit"
          >
            {t('ordering.staff.submit', { client })}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t('ordering.staff.submitHint', { client })}
        </Text>
      </Stack>
    </AppForm>
  );
}
