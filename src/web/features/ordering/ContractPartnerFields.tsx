import { Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../app/i18n';
import { type ContractPartnerValues, countryOptions } from './contract-partner';

type InputProps = ReturnType<UseFormReturnType<Record<string, unknown>>['getInputProps']>;

type ContractPartnerFieldsProps = {
  /** The input props of one partner field (its value, change handler and error). */
  inputProps: (field: keyof ContractPartnerValues) => InputProps;
  /** The form's "contractPartner" error (e.g. "required" from the server), if any. */
  error?: string | undefined;
  intro: string;
};

/** The contract partner of the first order (DOMAIN.md §3 (3)): company optional, name, address, e-mail, phone. */
export function ContractPartnerFields({ inputProps, error, intro }: ContractPartnerFieldsProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const country = inputProps('country');
  return (
    <Stack gap="sm" data-testid="contract-partner-form">
      <div>
        <Title order={2} size="h4">
          {t('ordering.partner.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {intro}
        </Text>
        {error && (
          <Text size="sm" c="red" role="alert" mt={4}>
            {error}
          </Text>
        )}
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
        <TextInput
          label={t('ordering.partner.company')}
          description={t('ordering.partner.optional')}
          autoComplete="organization"
          {...inputProps('company')}
        />
        <TextInput label={t('ordering.partner.name')} autoComplete="name" required {...inputProps('name')} />
        <TextInput
          label={t('ordering.partner.street')}
          autoComplete="street-address"
          required
          {...inputProps('street')}
        />
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            label={t('ordering.partner.postalCode')}
            autoComplete="postal-code"
            required
            {...inputProps('postalCode')}
          />
          <TextInput
            label={t('ordering.partner.city')}
            autoComplete="address-level2"
            required
            {...inputProps('city')}
          />
        </SimpleGrid>
        <Select
          label={t('ordering.partner.country')}
          data={countryOptions(locale)}
          searchable
          required
          comboboxProps={{ withinPortal: true }}
          data-testid="partner-country"
          {...country}
          value={(country.value as string) || null}
          onChange={(value) => country.onChange(value ?? '')}
        />
        <TextInput
          label={t('ordering.partner.email')}
          type="email"
          autoComplete="email"
          required
          {...inputProps('email')}
        />
        <TextInput
          label={t('ordering.partner.phone')}
          description={t('ordering.partner.optional')}
          type="tel"
          autoComplete="tel"
          {...inputProps('phone')}
        />
      </SimpleGrid>
    </Stack>
  );
}
