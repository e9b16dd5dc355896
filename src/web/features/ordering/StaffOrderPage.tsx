import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookingDto, OrderPage as OrderPageData } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { ErrorBanner } from '../../components/ErrorBanner';
import { localizedTextOf } from '../../components/localized-values';
import { NotAvailable } from '../../components/NotAvailable';
import { PageLoader } from '../../components/PageLoader';
import { bookingKeys } from '../bookings/bookings.api';
import { ContractPartnerFields } from './ContractPartnerFields';
import { useIdempotencyKey } from './idempotency';
import { OrderConfirmation } from './OrderConfirmation';
import {
  fallbackCountryOf,
  initialOrderValues,
  type OrderContext,
  type OrderFormValues,
  toOrderBody,
  validateOrder,
} from './order-form';
import { fetchStaffOrderPage, noRetryOn4xx, orderingKeys, placeOrderOnBehalf } from './ordering.api';
import { type ChoosableTariff, TariffChoice } from './TariffChoice';

/**
 * `/staff/accounts/$id/order/$moduleId`: staff order a module on the client's behalf. The server's
 * order page for the account decides which tariffs are offered: a manager or above every tariff of
 * the module, an employee the public ones and the one an offer number reveals. It also says whether
 * this is the first order (then the contract partner goes along).
 */
export function StaffOrderPage({ accountId, moduleId }: { accountId: string; moduleId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const idempotencyKey = useIdempotencyKey();
  const [offerNumber, setOfferNumber] = useState<string | undefined>(undefined);
  const [ordered, setOrdered] = useState<{ booking: BookingDto; tariff: ChoosableTariff | undefined } | null>(
    null,
  );
  const canOrder = session.abilities['module.order'] === true;
  const page = useQuery({
    queryKey: orderingKeys.staffPage(accountId, moduleId, offerNumber),
    queryFn: ({ signal }) => fetchStaffOrderPage(accountId, moduleId, offerNumber, signal),
    placeholderData: keepPreviousData,
    retry: noRetryOn4xx,
    enabled: canOrder && ordered === null,
  });
  const offerUnknown =
    Boolean(offerNumber) && isApiError(page.error) && page.error.code === 'offer_number_unknown';
  // A wrong offer number: the page as without one, with the neutral message at the field.
  const withoutOffer = useQuery({
    queryKey: orderingKeys.staffPage(accountId, moduleId, undefined),
    queryFn: ({ signal }) => fetchStaffOrderPage(accountId, moduleId, undefined, signal),
    retry: noRetryOn4xx,
    enabled: canOrder && offerUnknown && ordered === null,
  });
  const shown = offerUnknown ? withoutOffer : page;
  const notOrderable = isApiError(shown.error) && shown.error.code === 'module_not_orderable';

  return (
    <AppLayout realm="staff">
      <Stack>
        <AnchorLink to="/staff/accounts/$id" params={{ id: accountId }} size="sm">
          ← {t('bookings.page.backToAccount')}
        </AnchorLink>
        {!canOrder ? (
          <NotAvailable />
        ) : ordered ? (
          <OrderConfirmation
            booking={ordered.booking}
            tariff={ordered.tariff}
            emailNote={t('ordering.staff.emailNote')}
            actions={
              <>
                <AnchorLink
                  to="/staff/accounts/$id/bookings/$bookingId"
                  params={{ id: accountId, bookingId: ordered.booking.id }}
                >
                  {t('ordering.confirmation.fillIn')}
                </AnchorLink>
                <AnchorLink to="/staff/accounts/$id" params={{ id: accountId }}>
                  {t('bookings.page.backToAccount')}
                </AnchorLink>
              </>
            }
          />
        ) : (
          <>
            {shown.isPending && <PageLoader />}
            {notOrderable && (
              <Alert color="yellow" variant="light" role="alert">
                {t('ordering.notOrderable')}
              </Alert>
            )}
            {shown.isError && !notOrderable && (
              <ErrorBanner error={shown.error} onRetry={() => void shown.refetch()} />
            )}
            {shown.data && (
              <StaffOrderForm
                accountId={accountId}
                data={shown.data}
                offerNumber={offerUnknown ? undefined : offerNumber}
                offerUnknown={offerUnknown}
                onOfferNumber={setOfferNumber}
                idempotencyKey={idempotencyKey}
                onOrdered={(booking, tariff) => {
                  setOrdered({ booking, tariff });
                  window.scrollTo({ top: 0 });
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

  const context = (values: OrderFormValues): OrderContext => ({
    withContractPartner: withPartner,
    termsId: null,
    offerNumber,
    isOffer: data.tariffs.find((tariff) => tariff.id === values.tariffId)?.isPublic === false,
    idempotencyKey,
  });
  const form = useForm<OrderFormValues>({
    initialValues: initialOrderValues(
      revealed?.id ?? data.tariffs[0]?.id ?? '',
      data.contractPartnerDefaults,
      fallbackCountryOf(session.tenant.defaultLocale),
    ),
    validate: (values) => validateOrder(values, context(values), t),
  });

  // An offer number that reveals a tariff selects it (once); the rest of the form stays as typed.
  const revealedId = revealed?.id;
  const seen = useRef(revealedId);
  useEffect(() => {
    if (revealedId && seen.current !== revealedId) form.setFieldValue('tariffId', revealedId);
    seen.current = revealedId;
  });

  const submit = useMutation({
    mutationFn: (values: OrderFormValues) =>
      placeOrderOnBehalf(accountId, toOrderBody(values, context(values))),
    onSuccess: (result, values) => {
      void queryClient.invalidateQueries({ queryKey: bookingKeys.ofAccount(accountId) });
      void queryClient.invalidateQueries({ queryKey: ['accounts', 'audit', accountId] });
      void queryClient.invalidateQueries({ queryKey: orderingKeys.all });
      onOrdered(
        result.booking,
        data.tariffs.find((tariff) => tariff.id === values.tariffId),
      );
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
    <form noValidate onSubmit={form.onSubmit((values) => submit.mutate(values))}>
      <Stack gap="lg">
        <div>
          <Title order={1} size="h2" data-testid="order-title">
            {t('ordering.staff.title', { module: localizedTextOf(data.module.name, locale) })}
          </Title>
          <Text size="sm" c="dimmed">
            {anyTariff ? t('ordering.staff.anyTariff') : t('ordering.staff.publicOnly')}
          </Text>
        </div>
        {data.tariffs.length > 0 ? (
          <TariffChoice
            tariffs={data.tariffs}
            value={form.values.tariffId || null}
            onChange={(id) => form.setFieldValue('tariffId', id)}
            currency={data.currency}
            error={form.errors.tariffId as string | undefined}
          />
        ) : (
          <Alert color="blue" variant="light">
            {t('ordering.tariffs.noneWithoutOffer')}
          </Alert>
        )}
        {!anyTariff && (
          <StaffOfferNumberField
            current={offerNumber}
            unknown={offerUnknown}
            revealed={Boolean(revealed)}
            onApply={onOfferNumber}
          />
        )}
        {withPartner && (
          <Card withBorder padding="lg" radius="md">
            <ContractPartnerFields
              intro={t('ordering.partner.introStaff')}
              error={form.errors.contractPartner as string | undefined}
              inputProps={(field) => form.getInputProps(`contractPartner.${field}`)}
            />
          </Card>
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
            {t('ordering.staff.submit')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t('ordering.staff.submitHint')}
        </Text>
      </Stack>
    </form>
  );
}

/** The offer-number field for employees: asks the server's order page for the tariff it names. */
function StaffOfferNumberField({
  current,
  unknown,
  revealed,
  onApply,
}: {
  current: string | undefined;
  unknown: boolean;
  revealed: boolean;
  onApply: (offerNumber: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState(current ?? '');
  const apply = () => onApply(value.trim() || undefined);
  return (
    <Card withBorder padding="md" radius="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('ordering.offer.label')}
          description={revealed ? t('ordering.offer.revealed') : t('ordering.offer.hint')}
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
          aria-describedby={unknown ? 'staff-offer-number-error' : undefined}
          style={{ flex: '1 1 260px' }}
          data-testid="offer-number"
        />
        <Button variant="default" onClick={apply} data-testid="offer-number-apply">
          {t('ordering.offer.apply')}
        </Button>
      </Group>
      {unknown && (
        <Text id="staff-offer-number-error" size="sm" c="red" mt={6} role="alert">
          {t('ordering.offer.unknown')}
        </Text>
      )}
    </Card>
  );
}
