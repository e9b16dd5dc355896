import { Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { formatDateTime } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { DetailList } from '../../components/DetailList';
import { ContractPartnerFields } from '../ordering/ContractPartnerFields';
import {
  type ContractPartnerValues,
  toContractPartner,
  toContractPartnerValues,
  validateContractPartner,
} from '../ordering/contract-partner';
import { AddressLines } from './Address';
import { ReasonField, SectionCard, SectionForm, type SectionProps, useSectionSave } from './SectionCard';

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

type PartnerFormValues = ContractPartnerValues & { reason: string };

function PartnerForm(props: SectionProps & { close: () => void }) {
  const { t } = useTranslation();
  const { partner } = props.page;
  const initial = (page: ContractPage): PartnerFormValues => ({
    ...toContractPartnerValues(page.partner.value),
    reason: '',
  });
  const form = useForm<PartnerFormValues>({
    initialValues: initial(props.page),
    validate: (values) => {
      const errors = validateContractPartner(values, t);
      if (partner.ability.reasonRequired && !values.reason.trim())
        errors.reason = t('contract.reasonRequired');
      return errors;
    },
  });
  const save = useSectionSave(props, 'partner', {
    savedMessage: t('contract.partner.saved'),
    onSaved: props.close,
    onFieldErrors: (errors) =>
      form.setErrors(
        Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^contractPartner\./, ''), v])),
      ),
  });
  return (
    <SectionForm
      testId="section-partner"
      onSubmit={form.onSubmit((values) =>
        save.save({ contractPartner: toContractPartner(values), reason: values.reason.trim() || undefined }),
      )}
      onCancel={props.close}
      pending={save.pending}
      bannerError={save.bannerError}
      conflict={
        save.conflict
          ? {
              text: t('contract.partner.conflict', {
                current: save.conflict.partner.value
                  ? [save.conflict.partner.value.company, save.conflict.partner.value.name]
                      .filter(Boolean)
                      .join(', ')
                  : t('contract.partner.none'),
              }),
              onUseCurrent: () => {
                const conflict = save.conflict;
                if (conflict) form.setValues(initial(conflict));
                save.clearConflict();
              },
            }
          : null
      }
    >
      <ContractPartnerFields
        intro={t('contract.partner.formIntro')}
        inputProps={(field) => form.getInputProps(field)}
      />
      {partner.ability.reasonRequired && <ReasonField inputProps={form.getInputProps('reason')} />}
    </SectionForm>
  );
}
