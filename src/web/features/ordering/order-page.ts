import { type UseFormReturnType, useForm } from '@mantine/form';
import { keepPreviousData, type QueryKey, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookingDto, OrderPage as OrderPageData } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { useSession } from '../../app/session';
import {
  fallbackCountryOf,
  initialOrderValues,
  type OrderContext,
  type OrderFormValues,
  validateOrder,
} from './order-form';
import { noRetryOn4xx } from './ordering.api';
import type { ChoosableTariff } from './TariffChoice';

export type OrderForm = UseFormReturnType<OrderFormValues>;

type OrderPageQuery = {
  queryKey: (offerNumber: string | undefined) => QueryKey;
  fetch: (offerNumber: string | undefined, signal: AbortSignal) => Promise<OrderPageData>;
  offerNumber: string | undefined;
  enabled: boolean;
};

/**
 * The order page data for an offer number. A wrong offer number: the page as without one, with the
 * server's neutral message at the field (`offerUnknown`).
 */
export function useOrderPageQuery({ queryKey, fetch, offerNumber, enabled }: OrderPageQuery) {
  const page = useQuery({
    queryKey: queryKey(offerNumber),
    queryFn: ({ signal }) => fetch(offerNumber, signal),
    placeholderData: keepPreviousData,
    retry: noRetryOn4xx,
    enabled,
  });
  const offerUnknown =
    Boolean(offerNumber) && isApiError(page.error) && page.error.code === 'offer_number_unknown';
  const withoutOffer = useQuery({
    queryKey: queryKey(undefined),
    queryFn: ({ signal }) => fetch(undefined, signal),
    retry: noRetryOn4xx,
    enabled: enabled && offerUnknown,
  });
  return { shown: offerUnknown ? withoutOffer : page, offerUnknown };
}

export type Ordered = { booking: BookingDto; tariff: ChoosableTariff | undefined };

/** The order just placed (then the page shows the confirmation, scrolled to the top). */
export function useOrdered() {
  const [ordered, setOrdered] = useState<Ordered | null>(null);
  const onOrdered = (booking: BookingDto, tariff: ChoosableTariff | undefined) => {
    setOrdered({ booking, tariff });
    window.scrollTo({ top: 0 });
  };
  return [ordered, onOrdered] as const;
}

/** The tariff of the page with this id, if it offers one. */
export function tariffOf(data: OrderPageData, tariffId: string): ChoosableTariff | undefined {
  return data.tariffs.find((tariff) => tariff.id === tariffId);
}

/** The order's context except what differs between client and staff: the chosen tariff is an offer if it is not public. */
export function orderContext(
  data: OrderPageData,
  values: OrderFormValues,
  context: Omit<OrderContext, 'isOffer'>,
): OrderContext {
  return { ...context, isOffer: tariffOf(data, values.tariffId)?.isPublic === false };
}

/**
 * The order form, starting with the revealed tariff (else the first one). An offer number that
 * reveals a tariff selects it (once); the rest of the form stays as typed.
 */
export function useOrderForm(
  data: OrderPageData,
  revealedId: string | undefined,
  context: (values: OrderFormValues) => OrderContext,
): OrderForm {
  const { t } = useTranslation();
  const session = useSession();
  const form = useForm<OrderFormValues>({
    initialValues: initialOrderValues(
      revealedId ?? data.tariffs[0]?.id ?? '',
      data.contractPartnerDefaults,
      fallbackCountryOf(session.tenant.defaultLocale),
    ),
    validate: (values) => validateOrder(values, context(values), t),
  });
  const seen = useRef(revealedId);
  useEffect(() => {
    if (revealedId && seen.current !== revealedId) form.setFieldValue('tariffId', revealedId);
    seen.current = revealedId;
  });
  return form;
}
