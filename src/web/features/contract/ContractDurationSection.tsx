import { Button, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { DetailList } from '../../components/DetailList';
import {
  ReasonField,
  SectionCard,
  SectionForm,
  type SectionProps,
  SourceBadge,
  useSectionSave,
} from './SectionCard';

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
      form={(close) => <DurationForm {...props} close={close} />}
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

type Values = { override: string; reason: string };

function DurationForm(props: SectionProps & { close: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const d = props.page.contractDuration;
  const toValues = (page: ContractPage): Values => ({
    override: page.contractDuration.override ?? page.contractDuration.start ?? '',
    reason: '',
  });
  const form = useForm<Values>({
    initialValues: toValues(props.page),
    validate: (v) => {
      const errors: Record<string, string> = {};
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v.override)) errors.override = t('validation.required');
      else if (v.override > session.today) errors.override = t('contract.problems.future');
      if (d.ability.reasonRequired && !v.reason.trim()) errors.reason = t('contract.reasonRequired');
      return errors;
    },
  });
  const save = useSectionSave(props, 'contract-start', {
    savedMessage: t('contract.duration.saved'),
    onSaved: props.close,
    onFieldErrors: (errors) => form.setErrors(errors),
  });
  const remove = () => {
    const reason = form.getValues().reason.trim();
    if (d.ability.reasonRequired && !reason) {
      form.setFieldError('reason', t('contract.reasonRequired'));
      return;
    }
    save.save({ override: null, reason: reason || undefined });
  };
  return (
    <SectionForm
      testId="section-duration"
      onSubmit={form.onSubmit((v) =>
        save.save({ override: v.override, reason: v.reason.trim() || undefined }),
      )}
      onCancel={props.close}
      pending={save.pending}
      bannerError={save.bannerError}
      saveLabel={t('contract.duration.setOverride')}
      extraActions={
        d.override && (
          <Button variant="outline" color="red" onClick={remove} data-testid="duration-remove-override">
            {t('contract.duration.removeOverride')}
          </Button>
        )
      }
      conflict={
        save.conflict
          ? {
              text: t('contract.duration.conflict', {
                current: save.conflict.contractDuration.start
                  ? formatPlainDate(save.conflict.contractDuration.start, locale)
                  : t('contract.duration.noStart'),
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
      <TextInput
        type="date"
        label={t('contract.duration.overrideLabel')}
        description={t('contract.duration.overrideHint', {
          date: d.derivedStart ? formatPlainDate(d.derivedStart, locale) : t('contract.duration.noStart'),
        })}
        max={session.today}
        required
        data-testid="duration-override"
        {...form.getInputProps('override')}
      />
      {d.ability.reasonRequired && <ReasonField inputProps={form.getInputProps('reason')} />}
    </SectionForm>
  );
}
