import { Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { languageNames } from '../../app/language';
import { useSession } from '../../app/session';
import { DetailList } from '../../components/DetailList';
import { lazyComponent } from '../../components/lazy-component';
import { SectionCard, type SectionProps, SourceBadge } from './SectionCard';

const VatForm = lazyComponent(() => import('./VatForm'), 'VatForm');

const checkColor = { valid: 'green', invalid: 'red', not_checked: 'gray' } as const;

/** (8) VAT: standard, reverse charge (with the client's VAT ID) or not taxable; the legend documents carry; VIES evidence. */
export function VatSection(props: SectionProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { tenant } = useSession();
  const { vat } = props.page;
  return (
    <SectionCard
      section="vat"
      title={t('contract.vat.title')}
      ability={vat.ability}
      testId="section-vat"
      form={(close) => <VatForm {...props} close={close} />}
    >
      <DetailList
        items={[
          {
            label: t('contract.vat.treatment'),
            value: t(`contract.vat.treatments.${vat.treatment}`),
            testId: 'vat-treatment',
          },
          { label: t('contract.vat.vatId'), value: vat.vatId ?? t('contract.vat.noVatId'), testId: 'vat-id' },
          ...(vat.treatment === 'reverse_charge' && vat.issuerVatId
            ? [{ label: t('contract.vat.issuerVatId'), value: vat.issuerVatId }]
            : []),
        ]}
      />
      {vat.legend && (
        <Paper withBorder p="sm" radius="sm" data-testid="vat-legend">
          <Text size="xs" c="dimmed" mb={4}>
            {t('contract.vat.legendIn', { language: languageNames[vat.documentLanguage] })}
          </Text>
          <Text lang={vat.documentLanguage} fw={600}>
            {vat.legend}
          </Text>
        </Paper>
      )}
      {vat.check ? (
        <Stack gap={4} data-testid="vat-check">
          <Text size="sm">
            <SourceBadge color={checkColor[vat.check.result]}>
              {t(`contract.vat.check.${vat.check.result}`)}
            </SourceBadge>{' '}
            {t('contract.vat.check.at', {
              vatId: vat.check.vatId,
              date: formatDateTime(vat.check.checkedAt, locale, tenant.timeZone),
            })}
          </Text>
          {(vat.check.name || vat.check.address) && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {t('contract.vat.check.registered', {
                details: [vat.check.name, vat.check.address].filter(Boolean).join(', '),
              })}
            </Text>
          )}
          {vat.check.detail && (
            <Text size="sm" c="dimmed">
              {t('contract.vat.check.detail', {
                detail: t(`contract.vat.check.details.${vat.check.detail}`, {
                  defaultValue: vat.check.detail,
                }),
              })}
            </Text>
          )}
        </Stack>
      ) : (
        vat.vatId && (
          <Text size="sm" c="dimmed">
            {t('contract.vat.check.none')}
          </Text>
        )
      )}
      <Text size="xs" c="dimmed">
        {t(vat.viesEnabled ? 'contract.vat.viesOn' : 'contract.vat.viesOff')}
      </Text>
    </SectionCard>
  );
}
