import { Button, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { type EditFormProps, ReasonField, SectionForm, useSectionSave } from './SectionForm';

type Values = { override: string; reason: string };

export function ContractDurationForm(props: EditFormProps) {
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
