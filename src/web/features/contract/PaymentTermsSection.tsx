import { Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { paymentTermsText } from '../../../shared/payment-terms-text';
import type { PaymentTermsData } from '../../../shared/schemas';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { languageNames } from '../../app/language';
import { lazyComponent } from '../../components/lazy-component';
import { localizedTextOf } from '../../components/localized-values';
import { SectionCard, type SectionProps, SourceBadge } from './SectionCard';

const PaymentTermsForm = lazyComponent(() => import('./PaymentTermsForm'), 'PaymentTermsForm');

/** The terms as documents print them, in the client's document language. */
function PrintedTerms({
  terms,
  language,
}: {
  terms: PaymentTermsData;
  language: ContractPage['vat']['documentLanguage'];
}) {
  const { t } = useTranslation();
  const printed = paymentTermsText(terms, language);
  const text = localizedTextOf(terms.text, language);
  return (
    <Paper
      withBorder
      p="sm"
      radius="sm"
      bg="var(--mantine-color-default-hover)"
      data-testid="payment-terms-printed"
    >
      <Text size="xs" c="dimmed" mb={4}>
        {t('contract.paymentTerms.printedAs', { language: languageNames[language] })}
      </Text>
      <Text fw={600} lang={language}>
        {printed.due}
      </Text>
      {printed.discount && <Text lang={language}>{printed.discount}</Text>}
      {text && (
        <Text lang={language} style={{ whiteSpace: 'pre-wrap' }}>
          {text}
        </Text>
      )}
    </Paper>
  );
}

/** (5) Payment terms: "general" (copied from the invoice settings) or "custom"; managers change them with a reason. */
export function PaymentTermsSection(props: SectionProps) {
  const { t } = useTranslation();
  const { paymentTerms, vat } = props.page;
  return (
    <SectionCard
      section="paymentTerms"
      title={t('contract.paymentTerms.title')}
      ability={paymentTerms.ability}
      testId="section-payment-terms"
      badge={
        paymentTerms.source && (
          <SourceBadge color={paymentTerms.source === 'custom' ? 'orange' : 'gray'}>
            <span data-testid="payment-terms-source">
              {t(`contract.paymentTerms.source.${paymentTerms.source}`)}
            </span>
          </SourceBadge>
        )
      }
      form={(close) => <PaymentTermsForm {...props} close={close} />}
    >
      {paymentTerms.terms ? (
        <PrintedTerms terms={paymentTerms.terms} language={vat.documentLanguage} />
      ) : (
        <Text c="dimmed" data-testid="payment-terms-none">
          {t('contract.paymentTerms.none')}
        </Text>
      )}
      <Text size="sm">{t(`contract.paymentTerms.explain.${paymentTerms.source ?? 'none'}`)}</Text>
    </SectionCard>
  );
}
