import { Paper, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { validateVatId } from '../../../shared/identifiers';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { formatDateTime } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { languageNames } from '../../app/language';
import { useSession } from '../../app/session';
import { DetailList } from '../../components/DetailList';
import { SectionCard, SectionForm, type SectionProps, SourceBadge, useSectionSave } from './SectionCard';

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

type Values = { treatment: ContractPage['vat']['treatment']; vatId: string };

function VatForm(props: SectionProps & { close: () => void }) {
  const { t } = useTranslation();
  const toValues = (page: ContractPage): Values => ({
    treatment: page.vat.treatment,
    vatId: page.vat.vatId ?? '',
  });
  const form = useForm<Values>({
    initialValues: toValues(props.page),
    validate: (v) => {
      const vatId = v.vatId.trim();
      if (!vatId)
        return v.treatment === 'reverse_charge' ? { vatId: t('contract.problems.vatId.required') } : {};
      const checked = validateVatId(vatId);
      return checked.ok ? {} : { vatId: t(`contract.problems.vatId.${checked.code}`) };
    },
  });
  const save = useSectionSave(props, 'vat', {
    savedMessage: t('contract.vat.saved'),
    onSaved: props.close,
    onFieldErrors: (errors) => form.setErrors(errors),
  });
  return (
    <SectionForm
      testId="section-vat"
      onSubmit={form.onSubmit((v) => save.save({ treatment: v.treatment, vatId: v.vatId.trim() || null }))}
      onCancel={props.close}
      pending={save.pending}
      bannerError={save.bannerError}
      conflict={
        save.conflict
          ? {
              text: t('contract.vat.conflict', {
                current: `${t(`contract.vat.treatments.${save.conflict.vat.treatment}`)}${
                  save.conflict.vat.vatId ? `, ${save.conflict.vat.vatId}` : ''
                }`,
              }),
              onUseCurrent: () => {
                const conflict = save.conflict;
                if (conflict) form.setValues(toValues(conflict));
                save.clearConflict();
              },
            }
          : null
      }
    >
      <Radio.Group label={t('contract.vat.treatment')} required {...form.getInputProps('treatment')}>
        <Stack gap="xs" mt={4}>
          {(['standard', 'reverse_charge', 'not_taxable'] as const).map((treatment) => (
            <Radio
              key={treatment}
              value={treatment}
              label={t(`contract.vat.treatments.${treatment}`)}
              description={t(`contract.vat.explain.${treatment}`)}
              data-testid={`vat-${treatment}`}
            />
          ))}
        </Stack>
      </Radio.Group>
      <TextInput
        label={t('contract.vat.vatId')}
        description={t('contract.vat.vatIdHint')}
        required={form.getValues().treatment === 'reverse_charge'}
        autoComplete="off"
        data-testid="vat-id-input"
        {...form.getInputProps('vatId')}
      />
    </SectionForm>
  );
}
