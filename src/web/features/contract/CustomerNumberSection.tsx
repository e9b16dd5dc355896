import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { lazyComponent } from '../../components/lazy-component';
import { SectionCard, type SectionProps } from './SectionCard';

const CustomerNumberForm = lazyComponent(() => import('./CustomerNumberForm'), 'CustomerNumberForm');

/** (7) Customer number: free text chosen by staff, unique within the operator, printed on documents. */
export function CustomerNumberSection(props: SectionProps) {
  const { t } = useTranslation();
  const { customerNumber } = props.page;
  return (
    <SectionCard
      section="customerNumber"
      title={t('contract.customerNumber.title')}
      ability={customerNumber.ability}
      testId="section-customer-number"
      form={(close) => <CustomerNumberForm {...props} close={close} />}
    >
      <Text data-testid="customer-number-value" fw={customerNumber.value ? 600 : undefined}>
        {customerNumber.value ?? t('accounts.customerNumber.none')}
      </Text>
    </SectionCard>
  );
}
