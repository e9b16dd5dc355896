import { Alert, Button, Card, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
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
import { bookingKeys } from '../bookings/bookings.api';
import { LegalDocumentText } from '../registration/LegalDocumentText';
import { EmailNotVerifiedBanner, ResendVerificationButton } from '../registration/ResendVerification';
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
import { fetchOrderPage, orderingKeys, placeOrder } from './ordering.api';
import type { ChoosableTariff } from './TariffChoice';

/** `/modules/$id/order`: a module's order page for the logged-in client. */
export function OrderPage({ moduleId, offerNumber }: { moduleId: string; offerNumber: string | undefined }) {
  const { t } = useTranslation();
  // One key per visit of this page: it survives reloading the page data for an offer number.
  const idempotencyKey = useIdempotencyKey();
  const [ordered, onOrdered] = useOrdered();
  const { shown, offerUnknown } = useOrderPageQuery({
    queryKey: (offer) => orderingKeys.page(moduleId, offer),
    fetch: (offer, signal) => fetchOrderPage(moduleId, offer, signal),
    offerNumber,
    enabled: ordered === null,
  });

  return (
    <AppLayout realm="client" title={t('titles.order')}>
      <Stack>
        <AnchorLink to="/" search={{ tab: 'modules' }} size="sm">
          ← {t('ordering.backToOverview')}
        </AnchorLink>
        {ordered ? (
          <OrderConfirmation
            title={t('ordering.confirmation.title')}
            intro={t('ordering.confirmation.intro')}
            booking={ordered.booking}
            tariff={ordered.tariff}
            emailNote={t('ordering.confirmation.email')}
            actions={
              <>
                <AnchorLink
                  to="/bookings/$id"
                  params={{ id: ordered.booking.id }}
                  data-testid="fill-in-module-data"
                >
                  {t('ordering.confirmation.fillIn')}
                </AnchorLink>
                <AnchorLink to="/" search={{ tab: 'modules' }}>
                  {t('ordering.backToOverview')}
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
                  <AnchorLink to="/bookings/$id" params={{ id: shown.data.currentBooking.id }}>
                    {t('oneBooking.toBooking')}
                  </AnchorLink>
                }
              />
            )}
            {shown.data && !shown.data.currentBooking && (
              <OrderForm
                data={shown.data}
                offerNumber={offerUnknown ? undefined : offerNumber}
                offerUnknown={offerUnknown}
                idempotencyKey={idempotencyKey}
                onReload={() => void shown.refetch()}
                onOrdered={onOrdered}
              />
            )}
          </>
        )}
      </Stack>
    </AppLayout>
  );
}

type OrderFormProps = {
  data: OrderPageData;
  offerNumber: string | undefined;
  offerUnknown: boolean;
  idempotencyKey: string;
  onReload: () => void;
  onOrdered: (booking: BookingDto, tariff: ChoosableTariff | undefined) => void;
};

function OrderForm({ data, offerNumber, offerUnknown, idempotencyKey, onReload, onOrdered }: OrderFormProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const canOrder = session.abilities['module.order'] === true;
  const revealed = data.tariffs.find((tariff) => !tariff.isPublic);
  const termsId = data.isFirstOrder ? (data.currentTerms?.id ?? null) : null;

  const context = (values: OrderFormValues) =>
    orderContext(data, values, {
      withContractPartner: data.isFirstOrder,
      termsId,
      offerNumber,
      idempotencyKey,
    });
  const form = useOrderForm(data, revealed?.id, context);

  // A new version of the terms must be read and accepted again.
  const seenTerms = useRef(termsId);
  useEffect(() => {
    if (seenTerms.current !== termsId) form.setFieldValue('acceptTerms', false);
    seenTerms.current = termsId;
  });

  const submitting = useRef(false);
  const submit = useMutation({
    mutationFn: (values: OrderFormValues) => placeOrder(data.module.id, toOrderBody(values, context(values))),
    onSuccess: (result, values) => {
      void queryClient.invalidateQueries({ queryKey: bookingKeys.own });
      void queryClient.invalidateQueries({ queryKey: orderingKeys.all });
      onOrdered(result.booking, tariffOf(data, values.tariffId));
    },
    onError: (error) => {
      if (isApiError(error)) form.setErrors(error.fieldErrors);
    },
    onSettled: () => {
      submitting.current = false;
    },
  });
  const code = isApiError(submit.error) ? submit.error.code : undefined;

  const onSubmit = form.onSubmit((values) => {
    // A second click before the first answer sends nothing (the key would also make it harmless).
    if (submitting.current) return;
    submitting.current = true;
    submit.mutate(values);
  });

  const termsMissing = data.isFirstOrder && !data.currentTerms;
  return (
    <AppForm onSubmit={onSubmit}>
      <Stack gap="lg">
        <div>
          <Title order={1} size="h2" data-testid="order-title">
            {t('ordering.title', { module: localizedTextOf(data.module.name, locale) })}
          </Title>
          <Text mt="xs" style={{ whiteSpace: 'pre-wrap' }} data-testid="module-description">
            {localizedTextOf(data.module.description, locale)}
          </Text>
        </div>
        {!data.emailVerified && <EmailNotVerifiedBanner />}

        <TariffSection data={data} form={form} />

        <OfferNumberField
          current={offerNumber}
          unknown={offerUnknown}
          revealed={Boolean(revealed)}
          onApply={(offer) =>
            void navigate({
              to: '/modules/$id/order',
              params: { id: data.module.id },
              search: { offerNumber: offer },
            })
          }
          errorId="offer-number-error"
        />

        {data.isFirstOrder && <ContractPartnerCard form={form} intro={t('ordering.partner.introClient')} />}

        {data.isFirstOrder && (
          <Card withBorder padding="lg" radius="md">
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('ordering.terms.title')}
              </Title>
              {data.currentTerms ? (
                <>
                  <LegalDocumentText document={data.currentTerms} testId="terms" />
                  <Checkbox
                    label={t('ordering.terms.accept')}
                    data-testid="accept-terms"
                    {...form.getInputProps('acceptTerms', { type: 'checkbox' })}
                  />
                </>
              ) : (
                <Alert color="yellow" variant="light" role="alert">
                  {t('ordering.terms.missing')}
                </Alert>
              )}
            </Stack>
          </Card>
        )}

        {submit.isError && code === 'email_not_verified' ? (
          <Alert color="red" variant="light" role="alert" data-testid="order-email-not-verified">
            <Text size="sm" mb="xs">
              {t('ordering.errors.emailNotVerified')}
            </Text>
            <ResendVerificationButton />
          </Alert>
        ) : submit.isError && code === 'legal_version_outdated' ? (
          <Alert color="red" variant="light" role="alert">
            <Text size="sm" mb="xs">
              {t('ordering.errors.termsOutdated')}
            </Text>
            <Button size="xs" variant="outline" color="red" onClick={onReload}>
              {t('ordering.errors.reloadTerms')}
            </Button>
          </Alert>
        ) : submit.isError ? (
          <ErrorBanner
            error={submit.error}
            message={code && orderErrorKeys[code] ? t(orderErrorKeys[code]) : undefined}
          />
        ) : null}

        {canOrder ? (
          <Stack gap={4}>
            <Group>
              <Button
                type="submit"
                size="md"
                loading={submit.isPending}
                disabled={termsMissing || data.tariffs.length === 0}
                data-testid="order-submit"
                // The legally required wording must stay readable: on a narrow screen it wraps.
                h="auto"
                mih={42}
                py={8}
                styles={{ label: { whiteSpace: 'normal', overflow: 'visible', textAlign: 'center' } }}
              >
                {t('ordering.submit')}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {t('ordering.submitHint')}
            </Text>
          </Stack>
        ) : (
          <Alert color="gray" variant="light" data-testid="cannot-order">
            {t('ordering.memberCannotOrder')}
          </Alert>
        )}
      </Stack>
    </AppForm>
  );
}

/** Translated sentences for the refusals an order can get besides field errors. */
const orderErrorKeys: Record<string, string> = {
  operator_not_ready: 'ordering.errors.operatorNotReady',
  module_not_orderable: 'ordering.notOrderable',
  offer_number_unknown: 'ordering.offer.unknown',
  tariff_not_orderable: 'ordering.errors.tariffNotOrderable',
  tariff_business_only: 'ordering.errors.businessOnly',
  legal_document_missing: 'ordering.terms.missing',
};
