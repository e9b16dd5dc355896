import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { formatDateTime } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { DetailList } from '../../components/DetailList';
import { lazyComponent } from '../../components/lazy-component';
import { AddressLines } from './Address';
import { SectionCard, type SectionProps } from './SectionCard';

const PartnerForm = lazyComponent(() => import('./PartnerForm'), 'PartnerForm');

type Person = NonNullable<ContractPage['partner']['givenBy']>;

function personName(person: Person | null, t: (key: string) => string): string {
  if (!person) return t('contract.partner.unknownPerson');
  return person.name ?? t(`audit.actorTypes.${person.type}`);
}

/** (3) Contract partner: as given at the first order, when and by whom; a manager may change it with a reason. */
export function PartnerSection(props: SectionProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { tenant } = useSession();
  const { partner } = props.page;
  const value = partner.value;
  return (
    <SectionCard
      section="partner"
      title={t('contract.partner.title')}
      ability={partner.ability}
      testId="section-partner"
      form={(close) => <PartnerForm {...props} close={close} />}
    >
      {value ? (
        <Stack gap="xs">
          <DetailList
            items={[
              {
                label: t('contract.partner.address'),
                value: <AddressLines address={value} locale={locale} />,
              },
              {
                label: t('contract.partner.contact'),
                value: (
                  <span style={{ overflowWrap: 'anywhere' }}>
                    {value.email}
                    {value.phone && (
                      <>
                        <br />
                        {value.phone}
                      </>
                    )}
                  </span>
                ),
              },
            ]}
          />
          {partner.givenAt && (
            <Text size="sm" data-testid="partner-given">
              {partner.givenBy
                ? t('contract.partner.givenBy', {
                    date: formatDateTime(partner.givenAt, locale, tenant.timeZone),
                    name: personName(partner.givenBy, t),
                  })
                : t('contract.partner.givenAt', {
                    date: formatDateTime(partner.givenAt, locale, tenant.timeZone),
                  })}
            </Text>
          )}
          {partner.lastChange && (
            <Text size="sm" data-testid="partner-changed">
              {t('contract.partner.changedBy', {
                date: formatDateTime(partner.lastChange.at, locale, tenant.timeZone),
                name: personName(partner.lastChange.by, t),
              })}
              {partner.lastChange.reason &&
                ` ${t('contract.reasonShown', { reason: partner.lastChange.reason })}`}
            </Text>
          )}
        </Stack>
      ) : (
        <Text c="dimmed" data-testid="partner-none">
          {props.page.account.closedAt ? t('contract.erased') : t('contract.partner.none')}
        </Text>
      )}
    </SectionCard>
  );
}
