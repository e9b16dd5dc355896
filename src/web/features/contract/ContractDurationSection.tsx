import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { DetailList } from '../../components/DetailList';
import { lazyComponent } from '../../components/lazy-component';
import { SectionCard, type SectionProps, SourceBadge } from './SectionCard';

const ContractDurationForm = lazyComponent(() => import('./ContractDurationForm'), 'ContractDurationForm');

/** (6) Contract duration: the start of the oldest current booking, or a manager's override (with a reason). */
export function ContractDurationSection(props: SectionProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const d = props.page.contractDuration;
  const date = (value: string | null) =>
    value ? formatPlainDate(value, locale) : t('contract.duration.noStart');
  return (
    <SectionCard
      section="contractDuration"
      title={t('contract.duration.title')}
      ability={d.ability}
      testId="section-duration"
      badge={
        d.override && (
          <SourceBadge color="orange">
            <span data-testid="duration-override-badge">{t('contract.duration.overridden')}</span>
          </SourceBadge>
        )
      }
      form={(close) => <ContractDurationForm {...props} close={close} />}
    >
      <DetailList
        items={[
          { label: t('contract.duration.start'), value: date(d.start), testId: 'duration-start' },
          ...(d.override
            ? [
                {
                  label: t('contract.duration.derivedStart'),
                  value: date(d.derivedStart),
                  testId: 'duration-derived',
                },
              ]
            : []),
        ]}
      />
      <Text size="sm">
        {t(d.override ? 'contract.duration.explainOverride' : 'contract.duration.explainDerived')}
      </Text>
    </SectionCard>
  );
}
