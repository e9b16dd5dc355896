import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../app/i18n';
import { lazyComponent } from '../../components/lazy-component';
import { AddressLines } from './Address';
import { SectionCard, type SectionProps } from './SectionCard';

const BillingAddressForm = lazyComponent(() => import('./BillingAddressForm'), 'BillingAddressForm');

/** (4) Billing address: optional; documents issued afterwards go to it instead of the contract partner. */
export function BillingAddressSection(props: SectionProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { billingAddress } = props.page;
  return (
    <SectionCard
      section="billingAddress"
      title={t('contract.billingAddress.title')}
      ability={billingAddress.ability}
      testId="section-billing-address"
      form={(close) => <BillingAddressForm {...props} close={close} />}
    >
      {billingAddress.value ? (
        <AddressLines address={billingAddress.value} locale={locale} testId="billing-address-value" />
      ) : (
        <Text c="dimmed" data-testid="billing-address-none">
          {props.page.account.closedAt ? t('contract.erased') : t('contract.billingAddress.none')}
        </Text>
      )}
      <Text size="sm">{t('contract.billingAddress.effect')}</Text>
    </SectionCard>
  );
}
