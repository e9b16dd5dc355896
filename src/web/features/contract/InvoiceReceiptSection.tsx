import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { lazyComponent } from '../../components/lazy-component';
import { SectionCard, type SectionProps } from './SectionCard';

const InvoiceReceiptForm = lazyComponent(() => import('./InvoiceReceiptForm'), 'InvoiceReceiptForm');

/** (9) Invoice receipt: one to ten recipient addresses and the delivery mode (PDF attached or a download link). */
export function InvoiceReceiptSection(props: SectionProps) {
  const { t } = useTranslation();
  const { invoiceReceipt } = props.page;
  return (
    <SectionCard
      section="invoiceReceipt"
      title={t('contract.invoiceReceipt.title')}
      ability={invoiceReceipt.ability}
      testId="section-invoice-receipt"
      form={(close) => <InvoiceReceiptForm {...props} close={close} />}
    >
      <div>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('contract.invoiceReceipt.recipients')}
        </Text>
        {invoiceReceipt.recipients.length > 0 ? (
          <List size="sm" data-testid="invoice-recipients" style={{ overflowWrap: 'anywhere' }}>
            {invoiceReceipt.recipients.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        ) : (
          <Text c="dimmed" data-testid="invoice-recipients-none">
            {props.page.account.closedAt
              ? t('contract.erased')
              : t('contract.invoiceReceipt.noRecipients', {
                  email: props.page.partner.value?.email ?? props.page.account.email,
                })}
          </Text>
        )}
      </div>
      <div>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('contract.invoiceReceipt.delivery')}
        </Text>
        <Text data-testid="invoice-delivery">
          {t(`contract.invoiceReceipt.modes.${invoiceReceipt.delivery}`)}
        </Text>
      </div>
    </SectionCard>
  );
}
