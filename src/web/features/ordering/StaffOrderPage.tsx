import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookingDto, TariffDto } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { ErrorBanner } from '../../components/ErrorBanner';
import { localizedTextOf } from '../../components/localized-values';
import { NotAvailable } from '../../components/NotAvailable';
import { PageLoader } from '../../components/PageLoader';
import { bookingKeys, fetchAccountModules } from '../bookings/bookings.api';
import { ContractPartnerFields } from './ContractPartnerFields';
import { useIdempotencyKey } from './idempotency';
import { OrderConfirmation } from './OrderConfirmation';
import {
  fallbackCountryOf,
  initialOrderValues,
  type OrderFormValues,
  toOrderBody,
  validateOrder,
} from './order-form';
import { fetchModuleTariffs, orderingKeys, placeOrderOnBehalf } from './ordering.api';
import { TariffChoice } from './TariffChoice';

/**
 * `/staff/accounts/$id/order/$moduleId`: staff order a module on the client's behalf. Employees
 * choose a public tariff or reveal one by its offer number; a manager or above (ability
 * `module.orderAnyTariff`) any tariff of the module. The first order needs the contract partner.
 */
export function StaffOrderPage({ accountId, moduleId }: { accountId: string; moduleId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const idempotencyKey = useIdempotencyKey();
  const [ordered, setOrdered] = useState<{ booking: BookingDto; tariff: TariffDto | undefined } | null>(null);
  const canOrder = session.abilities['module.order'] === true;
  const modules = useQuery({
    queryKey: bookingKeys.ofAccount(accountId),
    queryFn: ({ signal }) => fetchAccountModules(accountId, signal),
  });
  const tariffs = useQuery({
    queryKey: orderingKeys.staffTariffs(moduleId),
    queryFn: ({ signal }) => fetchModuleTariffs(moduleId, signal),
    enabled: canOrder,
    retry: false,
  });
  const module = modules.data?.orderable.find((m) => m.id === moduleId);

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
            {(modules.isPending || tariffs.isPending) && <PageLoader />}
            {modules.isError && <ErrorBanner error={modules.error} onRetry={() => void modules.refetch()} />}
            {tariffs.isError &&
              (isApiError(tariffs.error) && tariffs.error.status === 403 ? (
                <Alert color="yellow" variant="light" role="alert">
                  {t('ordering.staff.tariffsUnavailable')}
                </Alert>
              ) : (
                <ErrorBanner error={tariffs.error} onRetry={() => void tariffs.refetch()} />
              ))}
            {modules.data && !module && <Text>{t('ordering.notOrderable')}</Text>}
            {modules.data && module && tariffs.data && (
              <StaffOrderForm
                accountId={accountId}
                moduleName={localizedTextOf(module.name, locale)}
                tariffs={tariffs.data.items}
                firstOrderHint={modules.data.bookings.length === 0}
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
  moduleName: string;
  tariffs: TariffDto[];
  /** No booking yet: the first order, which needs the contract partner (the server has the last word). */
  firstOrderHint: boolean;
  idempotencyKey: string;
  onOrdered: (booking: BookingDto, tariff: TariffDto | undefined) => void;
};

function StaffOrderForm({
  accountId,
  moduleName,
  tariffs,
  firstOrderHint,
  idempotencyKey,
  onOrdered,
}: StaffOrderFormProps) {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const anyTariff = session.abilities['module.orderAnyTariff'] === true;
  const [offerInput, setOfferInput] = useState('');
  const [offerNumber, setOfferNumber] = useState<string | undefined>(undefined);
  const [offerUnknown, setOfferUnknown] = useState(false);
  const [withPartner, setWithPartner] = useState(firstOrderHint);
  const revealed = offerNumber
    ? tariffs.find((x) => !x.isPublic && x.offerNumber === offerNumber)
    : undefined;
  const shown = anyTariff ? tariffs : [...tariffs.filter((x) => x.isPublic), ...(revealed ? [revealed] : [])];

  const context = (values: OrderFormValues) => ({
    withContractPartner: withPartner,
    termsId: null,
    offerNumber: tariffs.find((x) => x.id === values.tariffId)?.offerNumber ?? undefined,
    isOffer: !anyTariff && tariffs.find((x) => x.id === values.tariffId)?.isPublic === false,
    idempotencyKey,
  });
  const form = useForm<OrderFormValues>({
    initialValues: initialOrderValues(
      shown[0]?.id ?? '',
      null,
      fallbackCountryOf(session.tenant.defaultLocale),
    ),
    validate: (values) => validateOrder(values, context(values), t),
  });

  const submit = useMutation({
    mutationFn: (values: OrderFormValues) =>
      placeOrderOnBehalf(accountId, toOrderBody(values, context(values))),
    onSuccess: (result, values) => {
      void queryClient.invalidateQueries({ queryKey: bookingKeys.ofAccount(accountId) });
      void queryClient.invalidateQueries({ queryKey: ['accounts', 'audit', accountId] });
      onOrdered(
        result.booking,
        tariffs.find((x) => x.id === values.tariffId),
      );
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      const partnerProblem = error.problem?.errors?.find(
        (e) => e.field.replace(/^body[./]/, '') === 'contractPartner',
      );
      // The server decides whether this is the first order: show or drop the partner form accordingly.
      if (partnerProblem?.code === 'required') setWithPartner(true);
      if (partnerProblem?.code === 'already_set') setWithPartner(false);
      form.setErrors(error.fieldErrors);
    },
  });

  const applyOffer = () => {
    const number = offerInput.trim();
    const match = tariffs.find((x) => !x.isPublic && x.offerNumber === number);
    setOfferUnknown(Boolean(number) && !match);
    setOfferNumber(match ? number : undefined);
    if (match) form.setFieldValue('tariffId', match.id);
  };

  return (
    <form noValidate onSubmit={form.onSubmit((values) => submit.mutate(values))}>
      <Stack gap="lg">
        <div>
          <Title order={1} size="h2" data-testid="order-title">
            {t('ordering.staff.title', { module: moduleName })}
          </Title>
          <Text size="sm" c="dimmed">
            {anyTariff ? t('ordering.staff.anyTariff') : t('ordering.staff.publicOnly')}
          </Text>
        </div>
        {shown.length > 0 ? (
          <TariffChoice
            tariffs={shown}
            value={form.values.tariffId || null}
            onChange={(id) => form.setFieldValue('tariffId', id)}
            currency={session.tenant.currency}
            error={form.errors.tariffId as string | undefined}
          />
        ) : (
          <Alert color="blue" variant="light">
            {t('ordering.tariffs.noneWithoutOffer')}
          </Alert>
        )}
        {!anyTariff && (
          <Card withBorder padding="md" radius="md">
            <Group align="flex-end" gap="sm">
              <TextInput
                label={t('ordering.offer.label')}
                description={t('ordering.offer.hint')}
                value={offerInput}
                onChange={(event) => setOfferInput(event.currentTarget.value)}
                error={offerUnknown}
                style={{ flex: '1 1 260px' }}
              />
              <Button variant="default" onClick={applyOffer}>
                {t('ordering.offer.apply')}
              </Button>
            </Group>
            {offerUnknown && (
              <Text size="sm" c="red" mt={6} role="alert">
                {t('ordering.offer.unknown')}
              </Text>
            )}
          </Card>
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
          <Button type="submit" size="md" loading={submit.isPending} data-testid="order-submit">
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
