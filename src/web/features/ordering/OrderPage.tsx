import { Alert, Button, Card, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
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
import { PageLoader } from '../../components/PageLoader';
import { bookingKeys } from '../bookings/bookings.api';
import { LegalDocumentText } from '../registration/LegalDocumentText';
import { EmailNotVerifiedBanner, ResendVerificationButton } from '../registration/ResendVerification';
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
import { fetchOrderPage, noRetryOn4xx, orderingKeys, placeOrder } from './ordering.api';
import { type ChoosableTariff, TariffChoice } from './TariffChoice';

/** `/modules/$id/order`: a module's order page for the logged-in client. */
export function OrderPage({ moduleId, offerNumber }: { moduleId: string; offerNumber: string | undefined }) {
  const { t } = useTranslation();
  // One key per visit of this page: it survives reloading the page data for an offer number.
  const idempotencyKey = useIdempotencyKey();
  const [ordered, setOrdered] = useState<{ booking: BookingDto; tariff: ChoosableTariff | undefined } | null>(
    null,
  );
  const page = useQuery({
    queryKey: orderingKeys.page(moduleId, offerNumber),
    queryFn: ({ signal }) => fetchOrderPage(moduleId, offerNumber, signal),
    placeholderData: keepPreviousData,
    retry: noRetryOn4xx,
    enabled: ordered === null,
  });
  const offerUnknown =
    Boolean(offerNumber) && isApiError(page.error) && page.error.code === 'offer_number_unknown';
  // A wrong offer number: the page as without one, with the server's neutral message at the field.
  const withoutOffer = useQuery({
    queryKey: orderingKeys.page(moduleId, undefined),
    queryFn: ({ signal }) => fetchOrderPage(moduleId, undefined, signal),
    retry: noRetryOn4xx,
    enabled: offerUnknown && ordered === null,
  });
  const shown = offerUnknown ? withoutOffer : page;
  const notOrderable = isApiError(shown.error) && shown.error.code === 'module_not_orderable';

  return (
    <AppLayout realm="client">
      <Stack>
        <AnchorLink to="/" size="sm">
          ← {t('ordering.backToOverview')}
        </AnchorLink>
        {ordered ? (
          <OrderConfirmation
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
                <AnchorLink to="/">{t('ordering.backToOverview')}</AnchorLink>
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
              <OrderForm
                data={shown.data}
                offerNumber={offerUnknown ? undefined : offerNumber}
                offerUnknown={offerUnknown}
                idempotencyKey={idempotencyKey}
                onReload={() => void shown.refetch()}
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
  const canOrder = session.abilities['module.order'] === true;
  const revealed = data.tariffs.find((tariff) => !tariff.isPublic);
  const termsId = data.isFirstOrder ? (data.currentTerms?.id ?? null) : null;

  const context = (values: OrderFormValues): OrderContext => ({
    withContractPartner: data.isFirstOrder,
    termsId,
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
  // A new version of the terms must be read and accepted again.
  const revealedId = revealed?.id;
  const seen = useRef({ revealedId, termsId });
  useEffect(() => {
    if (revealedId && seen.current.revealedId !== revealedId) form.setFieldValue('tariffId', revealedId);
    if (seen.current.termsId !== termsId) form.setFieldValue('acceptTerms', false);
    seen.current = { revealedId, termsId };
  });

  const submitting = useRef(false);
  const submit = useMutation({
    mutationFn: (values: OrderFormValues) => placeOrder(data.module.id, toOrderBody(values, context(values))),
    onSuccess: (result, values) => {
      void queryClient.invalidateQueries({ queryKey: bookingKeys.own });
      void queryClient.invalidateQueries({ queryKey: orderingKeys.all });
      onOrdered(
        result.booking,
        data.tariffs.find((tariff) => tariff.id === values.tariffId),
      );
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
    <form noValidate onSubmit={onSubmit}>
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

        <OfferNumberField
          moduleId={data.module.id}
          current={offerNumber}
          unknown={offerUnknown}
          revealed={Boolean(revealed)}
        />

        {data.isFirstOrder && (
          <Card withBorder padding="lg" radius="md">
            <ContractPartnerFields
              intro={t('ordering.partner.introClient')}
              error={form.errors.contractPartner as string | undefined}
              inputProps={(field) => form.getInputProps(`contractPartner.${field}`)}
            />
          </Card>
        )}

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
    </form>
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

/** The offer-number field: reloads the page with `?offerNumber=` to reveal a non-public tariff. */
function OfferNumberField({
  moduleId,
  current,
  unknown,
  revealed,
}: {
  moduleId: string;
  current: string | undefined;
  unknown: boolean;
  revealed: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState(current ?? '');
  const show = () => {
    const offerNumber = value.trim() || undefined;
    void navigate({ to: '/modules/$id/order', params: { id: moduleId }, search: { offerNumber } });
  };
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
              show();
            }
          }}
          error={unknown}
          aria-describedby={unknown ? 'offer-number-error' : undefined}
          style={{ flex: '1 1 260px' }}
          data-testid="offer-number"
        />
        <Button variant="default" onClick={show} data-testid="offer-number-apply">
          {t('ordering.offer.apply')}
        </Button>
      </Group>
      {unknown && (
        <Text id="offer-number-error" size="sm" c="red" mt={6} role="alert">
          {t('ordering.offer.unknown')}
        </Text>
      )}
    </Card>
  );
}
