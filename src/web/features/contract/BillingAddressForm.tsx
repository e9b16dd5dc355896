import { Button, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { type BillingAddressData, billingAddressData } from '../../../shared/schemas/contract';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { schemaFieldErrors } from '../../app/form-errors';
import { useLocale } from '../../app/i18n';
import { countryOptions } from '../ordering/contract-partner';
import { type EditFormProps, SectionForm, useSectionSave } from './SectionForm';

type Values = Record<keyof BillingAddressData, string>;

const toValues = (page: ContractPage): Values => {
  const a = page.billingAddress.value ?? page.partner.value;
  return {
    company: a?.company ?? '',
    name: a?.name ?? '',
    street: a?.street ?? '',
    postalCode: a?.postalCode ?? '',
    city: a?.city ?? '',
    country: a?.country ?? '',
  };
};

const toAddress = (v: Values): BillingAddressData => ({
  company: v.company.trim() || null,
  name: v.name.trim(),
  street: v.street.trim(),
  postalCode: v.postalCode.trim(),
  city: v.city.trim(),
  country: v.country.trim().toUpperCase(),
});

export function BillingAddressForm(props: EditFormProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const form = useForm<Values>({
    initialValues: toValues(props.page),
    validate: (values) =>
      schemaFieldErrors(billingAddressData, toAddress(values), t, (_issue, field) =>
        field === 'country' ? t('ordering.partner.countryInvalid') : undefined,
      ),
  });
  const save = useSectionSave(props, 'billing-address', {
    savedMessage: t('contract.billingAddress.saved'),
    onSaved: props.close,
    onFieldErrors: (errors) =>
      form.setErrors(
        Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^billingAddress\./, ''), v])),
      ),
  });
  const country = form.getInputProps('country');
  const current = save.conflict?.billingAddress.value;
  return (
    <SectionForm
      testId="section-billing-address"
      onSubmit={form.onSubmit((values) => save.save({ billingAddress: toAddress(values) }))}
      onCancel={props.close}
      pending={save.pending}
      bannerError={save.bannerError}
      extraActions={
        props.page.billingAddress.value && (
          <Button
            variant="outline"
            color="red"
            loading={save.pending}
            onClick={() => save.save({ billingAddress: null })}
            data-testid="billing-address-remove"
          >
            {t('contract.billingAddress.remove')}
          </Button>
        )
      }
      conflict={
        save.conflict
          ? {
              text: t('contract.billingAddress.conflict', {
                current: current
                  ? [current.name, current.street, `${current.postalCode} ${current.city}`].join(', ')
                  : t('contract.billingAddress.noneShort'),
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
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
        <TextInput
          label={t('ordering.partner.company')}
          description={t('ordering.partner.optional')}
          autoComplete="billing organization"
          {...form.getInputProps('company')}
        />
        <TextInput
          label={t('ordering.partner.name')}
          autoComplete="billing name"
          required
          {...form.getInputProps('name')}
        />
        <TextInput
          label={t('ordering.partner.street')}
          autoComplete="billing street-address"
          required
          {...form.getInputProps('street')}
        />
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            label={t('ordering.partner.postalCode')}
            autoComplete="billing postal-code"
            required
            {...form.getInputProps('postalCode')}
          />
          <TextInput
            label={t('ordering.partner.city')}
            autoComplete="billing address-level2"
            required
            {...form.getInputProps('city')}
          />
        </SimpleGrid>
        <Select
          label={t('ordering.partner.country')}
          data={countryOptions(locale)}
          searchable
          required
          comboboxProps={{ withinPortal: true }}
          data-testid="billing-country"
          {...country}
          value={(country.value as string) || null}
          onChange={(value) => country.onChange(value ?? '')}
        />
      </SimpleGrid>
    </SectionForm>
  );
}
