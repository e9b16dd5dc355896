import { Alert, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingIndicator } from '../../components/LoadingIndicator';
import { catalogKeys, previewTerminationRule } from './catalog.api';
import {
  type PresetName,
  presetNames,
  presetOfValues,
  presetRuleValues,
  type RuleValues,
  ruleOf,
} from './rule-form';

const PREVIEW_DEBOUNCE_MS = 350;

type TerminationRuleEditorProps = {
  values: RuleValues;
  onChange: (values: RuleValues) => void;
  /** Called when a preset is picked (the yearly one is for business clients). */
  onPreset?: (name: PresetName) => void;
  /** Messages keyed by the rule's input (`minimumTermMonths`, `noticeAmount`, …) and '' for the rule. */
  errors: Record<string, React.ReactNode>;
  testId?: string;
};

/** Preset picker, custom rule inputs, and the rule in words with an example from the server. */
export function TerminationRuleEditor({
  values,
  onChange,
  onPreset,
  errors,
  testId = 'rule',
}: TerminationRuleEditorProps) {
  const { t } = useTranslation();
  const preset = presetOfValues(values);
  const [customOpen, setCustomOpen] = useState(preset === null);
  const showCustom = customOpen || preset === null;
  const set = (patch: Partial<RuleValues>) => onChange({ ...values, ...patch });
  const narrow = useMediaQuery('(max-width: 30em)') === true;
  return (
    <Stack gap="sm">
      <SegmentedControl
        // Four presets do not fit beside each other on a phone ("Eigene Regel" was cut off).
        orientation={narrow ? 'vertical' : 'horizontal'}
        fullWidth={narrow}
        w={narrow ? undefined : 'fit-content'}
        data-testid={`${testId}-preset`}
        value={showCustom ? 'custom' : (preset ?? 'custom')}
        data={[...presetNames, 'custom' as const].map((name) => ({
          value: name,
          label: t(`catalog.rule.presets.${name}`),
        }))}
        onChange={(value) => {
          if (value === 'custom') {
            setCustomOpen(true);
            return;
          }
          setCustomOpen(false);
          onChange(presetRuleValues(value as PresetName));
          onPreset?.(value as PresetName);
        }}
      />
      {showCustom && (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }} spacing="sm">
          <NumberInput
            label={t('catalog.rule.minimumTermMonths')}
            min={0}
            max={1200}
            allowDecimal={false}
            allowNegative={false}
            value={values.minimumTermMonths}
            onChange={(value) => set({ minimumTermMonths: value })}
            error={errors.minimumTermMonths}
          />
          <NumberInput
            label={t('catalog.rule.renewalMonths')}
            description={t('catalog.rule.renewalHint')}
            min={0}
            max={1200}
            allowDecimal={false}
            allowNegative={false}
            value={values.renewalMonths}
            onChange={(value) => set({ renewalMonths: value })}
            error={errors.renewalMonths}
          />
          <NumberInput
            label={t('catalog.rule.noticeAmount')}
            min={0}
            max={values.noticeUnit === 'days' ? 36500 : 1200}
            allowDecimal={false}
            allowNegative={false}
            value={values.noticeAmount}
            onChange={(value) => set({ noticeAmount: value })}
            error={errors.noticeAmount}
          />
          <Select
            label={t('catalog.rule.noticeUnit')}
            allowDeselect={false}
            value={values.noticeUnit}
            data={[
              { value: 'days', label: t('catalog.rule.units.days') },
              { value: 'months', label: t('catalog.rule.units.months') },
            ]}
            onChange={(value) => value && set({ noticeUnit: value as RuleValues['noticeUnit'] })}
            error={errors.noticeUnit}
          />
          <Select
            label={t('catalog.rule.anchor')}
            allowDeselect={false}
            value={values.anchor}
            data={(['any_day', 'month_end', 'term_end'] as const).map((anchor) => ({
              value: anchor,
              label: t(`catalog.rule.anchors.${anchor}`),
            }))}
            onChange={(value) => value && set({ anchor: value as RuleValues['anchor'] })}
            error={errors.anchor}
          />
        </SimpleGrid>
      )}
      {errors[''] && (
        <Text size="xs" c="red" role="alert">
          {errors['']}
        </Text>
      )}
      <RulePreview values={values} testId={testId} />
    </Stack>
  );
}

/** The rule in words and "ordered today, cancelled today → ends on …", in the UI language. */
function RulePreview({ values, testId }: { values: RuleValues; testId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rule = ruleOf(values);
  const [debounced] = useDebouncedValue(rule, PREVIEW_DEBOUNCE_MS);
  const preview = useQuery({
    queryKey: catalogKeys.preview(debounced ?? presetRuleValuesRule()),
    queryFn: ({ signal }) => previewTerminationRule(debounced!, signal),
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  if (rule === null)
    return (
      <Text size="sm" c="dimmed">
        {t('catalog.rule.incomplete')}
      </Text>
    );
  if (preview.isError) return <ErrorBanner error={preview.error} onRetry={() => void preview.refetch()} />;
  const data = preview.data;
  return (
    <Alert
      variant="light"
      color="blue"
      data-testid={`${testId}-preview`}
      title={t('catalog.rule.previewTitle')}
    >
      {!data && <LoadingIndicator size="xs" />}
      {data && data.problems.length > 0 && (
        <Stack gap={2}>
          {data.problems.map((problem) => (
            <Text key={`${problem.field}-${problem.code}`} size="sm" c="red">
              {t(`catalog.problems.${problem.code}`, { defaultValue: problem.message })}
            </Text>
          ))}
        </Stack>
      )}
      {data?.description && (
        <Text size="sm" fw={500} data-testid={`${testId}-words`}>
          {data.description[locale]}
        </Text>
      )}
      {data?.example && (
        <Text size="sm" mt={4} data-testid={`${testId}-example`}>
          {t('catalog.rule.example', {
            ordered: formatPlainDate(data.example.orderedOn, locale),
            end: formatPlainDate(data.example.earliestEnd, locale),
            lastDay: formatPlainDate(data.example.lastDayToCancel, locale),
          })}
        </Text>
      )}
    </Alert>
  );
}

/** A placeholder key while there is no rule (the query is disabled then). */
function presetRuleValuesRule() {
  return ruleOf(presetRuleValues('immediate'))!;
}
