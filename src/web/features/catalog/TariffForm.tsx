import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TariffDto, tariffBody, tariffDto } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { isStaleVersion, problemFieldErrors, schemaFieldErrors } from '../../app/form-errors';
import { AppForm } from '../../components/AppForm';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LocalizedTextFields } from '../../components/LocalizedTextFields';
import {
  emptyLocalized,
  fromLocalizedValues,
  type LocalizedValues,
  toLocalizedValues,
} from '../../components/localized-values';
import { catalogKeys, createTariff, type TariffInput, updateTariff } from './catalog.api';
import { catalogMessages } from './ModuleForm';
import { mapRuleErrors, presetRuleValues, type RuleValues, ruleBodyOf, ruleValuesOf } from './rule-form';
import { TariffInUseNotice } from './TariffInUseNotice';
import { TerminationRuleEditor } from './TerminationRuleEditor';

type TariffFormValues = {
  title: LocalizedValues;
  isPublic: boolean;
  displayOrder: number | string;
  vatRate: string;
  rule: RuleValues;
  minimumTurnover: string;
  businessOnly: boolean;
};

function tariffFormValues(tariff: TariffDto | null): TariffFormValues {
  if (!tariff)
    return {
      title: emptyLocalized(),
      isPublic: true,
      displayOrder: 0,
      vatRate: '',
      rule: presetRuleValues('monthly'),
      minimumTurnover: '',
      businessOnly: false,
    };
  return {
    title: toLocalizedValues(tariff.title),
    isPublic: tariff.isPublic,
    displayOrder: tariff.displayOrder,
    vatRate: tariff.vatRate,
    rule: ruleValuesOf(tariff.terminationRule),
    minimumTurnover: tariff.minimumTurnover ?? '',
    businessOnly: tariff.businessOnly,
  };
}

function tariffBodyOf(values: TariffFormValues): TariffInput {
  return {
    title: fromLocalizedValues(values.title),
    isPublic: values.isPublic,
    displayOrder: values.displayOrder === '' ? 0 : Number(values.displayOrder),
    vatRate: values.vatRate.trim(),
    terminationRule: ruleBodyOf(values.rule),
    minimumTurnover: values.minimumTurnover.trim() || null,
    businessOnly: values.businessOnly,
  };
}

function useTariffForm(tariff: TariffDto | null, t: TFunction) {
  return useForm<TariffFormValues>({
    initialValues: tariffFormValues(tariff),
    validate: (values) =>
      mapRuleErrors(schemaFieldErrors(tariffBody, tariffBodyOf(values), t, catalogMessages(t))),
  });
}

type TariffFormProps = { tariff: TariffDto; moduleId?: undefined } | { tariff: null; moduleId: string };

/** Creates a tariff of a module or edits one, guarded by the version read. */
export function TariffForm({ tariff, moduleId }: TariffFormProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(tariff?.version ?? 0);
  const [conflict, setConflict] = useState<TariffDto | null>(null);
  const form = useTariffForm(tariff, t);
  const hasFlaggedItem = tariff?.items.some((item) => item.minimumTurnoverFlag) ?? false;

  const save = useMutation({
    mutationFn: (values: TariffFormValues) =>
      tariff
        ? updateTariff(tariff.id, { ...tariffBodyOf(values), version })
        : createTariff(moduleId!, tariffBodyOf(values)),
    onSuccess: (saved) => {
      setConflict(null);
      setVersion(saved.version);
      queryClient.setQueryData(catalogKeys.tariff(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: catalogKeys.tariffs(saved.moduleId) });
      void queryClient.invalidateQueries({ queryKey: catalogKeys.module(saved.moduleId) });
      void queryClient.invalidateQueries({ queryKey: catalogKeys.modules });
      notifications.show({
        color: 'green',
        message: t('catalog.tariff.saved'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
      if (!tariff) {
        void navigate({ to: '/staff/catalog/tariffs/$id', params: { id: saved.id } });
        return;
      }
      const next = tariffFormValues(saved);
      form.setValues(next);
      form.resetDirty(next);
    },
    onError: (error) => {
      form.setErrors(mapRuleErrors(problemFieldErrors(error, t, { namespace: 'catalog.problems' })));
      if (!isStaleVersion(error) || !isApiError(error)) return;
      const current = tariffDto.safeParse(error.problem?.current);
      if (!current.success) return;
      setConflict(current.data);
      setVersion(current.data.version);
      queryClient.setQueryData(catalogKeys.tariff(current.data.id), current.data);
    },
  });

  const values = form.getValues();
  const errors = form.errors;
  return (
    <AppForm onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="md">
        {tariff && <TariffInUseNotice tariff={tariff} context="settings" />}
        {conflict && (
          <ConflictAlert
            text={t('catalog.conflict.text')}
            actionLabel={t('catalog.conflict.useCurrent')}
            onUseCurrent={() => {
              const current = tariffFormValues(conflict);
              form.setValues(current);
              form.resetDirty(current);
              form.clearErrors();
              setConflict(null);
            }}
          />
        )}
        {save.isError && !conflict && <ErrorBanner error={save.error} />}
        <LocalizedTextFields
          legend={t('catalog.tariff.title')}
          required
          testId="tariff-title"
          inputProps={(lang) => form.getInputProps(`title.${lang}`)}
          error={errors.title}
          onEdit={() => form.clearFieldError('title')}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Switch
            mt={{ sm: 28 }}
            label={t('catalog.tariff.isPublic')}
            description={t('catalog.tariff.isPublicHint')}
            data-testid="tariff-public"
            {...form.getInputProps('isPublic', { type: 'checkbox' })}
          />
          <NumberInput
            label={t('catalog.tariff.displayOrder')}
            description={t('catalog.tariff.displayOrderHint')}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('displayOrder')}
          />
          <TextInput
            label={t('catalog.tariff.vatRate')}
            description={t('catalog.tariff.vatRateHint')}
            required
            rightSection="%"
            inputMode="decimal"
            data-testid="tariff-vat"
            {...form.getInputProps('vatRate')}
          />
        </SimpleGrid>

        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('catalog.tariff.rule')}
          </Title>
          <TerminationRuleEditor
            values={values.rule}
            onChange={(rule) => form.setFieldValue('rule', rule)}
            onPreset={(name) => form.setFieldValue('businessOnly', name === 'yearly')}
            errors={{
              minimumTermMonths: errors['rule.minimumTermMonths'],
              renewalMonths: errors['rule.renewalMonths'],
              noticeAmount: errors['rule.noticeAmount'],
              noticeUnit: errors['rule.noticeUnit'],
              anchor: errors['rule.anchor'],
              '': errors.rule,
            }}
          />
          <Checkbox
            label={t('catalog.tariff.businessOnly')}
            description={t('catalog.tariff.businessOnlyHint')}
            {...form.getInputProps('businessOnly', { type: 'checkbox' })}
          />
        </Stack>

        <TextInput
          maw={320}
          label={t('catalog.tariff.minimumTurnover')}
          description={
            hasFlaggedItem
              ? t('catalog.tariff.minimumTurnoverHint')
              : t('catalog.tariff.minimumTurnoverDisabled')
          }
          disabled={!hasFlaggedItem && values.minimumTurnover === ''}
          inputMode="decimal"
          {...form.getInputProps('minimumTurnover')}
        />

        <Group>
          <Button type="submit" loading={save.isPending} data-testid="tariff-save">
            {tariff ? t('catalog.tariff.save') : t('catalog.tariff.create')}
          </Button>
        </Group>
      </Stack>
    </AppForm>
  );
}
