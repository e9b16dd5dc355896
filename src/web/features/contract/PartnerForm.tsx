import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { ContractPartnerFields } from '../ordering/ContractPartnerFields';
import {
  type ContractPartnerValues,
  toContractPartner,
  toContractPartnerValues,
  validateContractPartner,
} from '../ordering/contract-partner';
import { type EditFormProps, ReasonField, SectionForm, useSectionSave } from './SectionForm';

type PartnerFormValues = ContractPartnerValues & { reason: string };

export function PartnerForm(props: EditFormProps) {
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
