import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { lazyComponent } from '../../components/lazy-component';
import { SectionCard, type SectionProps } from './SectionCard';

const PurchaseOrderForm = lazyComponent(() => import('./PurchaseOrderForm'), 'PurchaseOrderForm');

/** (10) Purchase-order number: free text printed on documents issued afterwards. */
export function PurchaseOrderSection(props: SectionProps) {
  const { t } = useTranslation();
  const { purchaseOrder } = props.page;
  return (
    <SectionCard
      section="purchaseOrder"
      title={t('contract.purchaseOrder.title')}
      ability={purchaseOrder.ability}
      testId="section-purchase-order"
      form={(close) => <PurchaseOrderForm {...props} close={close} />}
    >
      <Text
        data-testid="purchase-order-value"
        c={purchaseOrder.value ? undefined : 'dimmed'}
        style={{ overflowWrap: 'anywhere' }}
      >
        {purchaseOrder.value ?? t('contract.purchaseOrder.none')}
      </Text>
      <Text size="sm">{t('contract.purchaseOrder.effect')}</Text>
    </SectionCard>
  );
}
