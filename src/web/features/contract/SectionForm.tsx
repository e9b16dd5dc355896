import { Button, Group, Stack, Textarea } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { contractPage } from '../../../shared/schemas/contract-page';
import type { FieldErrors } from '../../app/api';
import { isApiError } from '../../app/api';
import { problemFieldErrors } from '../../app/form-errors';
import { AppForm } from '../../components/AppForm';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorBanner } from '../../components/ErrorBanner';
import { accountKeys } from '../accounts/accounts.api';
import { contractKey, putSection, type SectionBodies, type SectionPath } from './contract.api';
import type { SectionProps } from './SectionCard';

/*
 * What the edit forms of the Contract data tab share. Each form is its own module (XForm.tsx),
 * loaded by its section with lazyComponent when "Change" is clicked: the page's first load holds
 * the values only, not the forms, their fields (selects, number inputs) and their validation.
 */

/** What every form gets: the section's props and the function that closes the form. */
export type EditFormProps = SectionProps & { close: () => void };

/** The current page sent with a 409 for a stale version, if the error is one. */
function staleCurrent(error: unknown): ContractPage | null {
  if (!isApiError(error) || error.status !== 409 || error.code !== 'stale_version') return null;
  const parsed = contractPage.safeParse(error.problem?.current);
  return parsed.success ? parsed.data : null;
}

type Body<P extends SectionPath> = Omit<SectionBodies[P], 'version'>;

/**
 * Saves one section with the version last read. A stale version (409) puts the current page in
 * the cache and returns it as `conflict` (the form keeps the user's entries); field messages of a
 * problem go to `onFieldErrors`.
 */
export function useSectionSave<P extends SectionPath>(
  { realm, accountId }: SectionProps,
  path: P,
  options: {
    savedMessage: string;
    onSaved: (page: ContractPage) => void;
    onFieldErrors: (e: FieldErrors) => void;
  },
) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = contractKey(realm, accountId);
  const [conflict, setConflict] = useState<ContractPage | null>(null);
  const mutation = useMutation({
    mutationFn: (body: Body<P>) => {
      const version = queryClient.getQueryData<ContractPage>(key)?.account.version ?? 1;
      return putSection(realm, accountId, path, { ...body, version } as SectionBodies[P]);
    },
    onSuccess: (saved) => {
      setConflict(null);
      queryClient.setQueryData(key, saved);
      if (realm === 'staff') {
        void queryClient.invalidateQueries({ queryKey: accountKeys.auditAll(accountId) });
        void queryClient.invalidateQueries({ queryKey: ['accounts', 'list'] });
      }
      notifications.show({
        color: 'green',
        message: options.savedMessage,
        closeButtonProps: { 'aria-label': t('common.close') },
      });
      options.onSaved(saved);
    },
    onError: (error) => {
      const current = staleCurrent(error);
      if (current) {
        setConflict(current);
        // The newer version becomes the base of the next save; the entries stay in the form.
        queryClient.setQueryData(key, current);
        return;
      }
      options.onFieldErrors(
        problemFieldErrors(error, t, {
          namespace: (field) => (field === 'vatId' ? 'contract.problems.vatId' : 'contract.problems'),
        }),
      );
    },
  });
  const hasFieldErrors =
    mutation.error !== null &&
    Object.keys(problemFieldErrors(mutation.error, t, { namespace: 'contract.problems' })).length > 0;
  return {
    save: (body: Body<P>) => mutation.mutate(body),
    pending: mutation.isPending,
    conflict,
    clearConflict: () => setConflict(null),
    /** An error that is neither a conflict nor field messages: shown as a banner. */
    bannerError: mutation.isError && !conflict && !hasFieldErrors ? mutation.error : null,
  };
}

type SectionFormProps = {
  testId: string;
  onSubmit: (event: React.FormEvent<HTMLFormElement>) => void;
  onCancel: () => void;
  pending: boolean;
  conflict: { text: string; onUseCurrent: () => void } | null;
  bannerError: unknown;
  children: ReactNode;
  saveLabel?: string;
  /** Further buttons beside Save (e.g. "Return to the general terms"). */
  extraActions?: ReactNode;
};

/** The frame of a section's edit form: conflict, error banner, fields, Save and Cancel. */
export function SectionForm({
  testId,
  onSubmit,
  onCancel,
  pending,
  conflict,
  bannerError,
  children,
  saveLabel,
  extraActions,
}: SectionFormProps) {
  const { t } = useTranslation();
  return (
    <AppForm onSubmit={onSubmit} data-testid={`${testId}-form`}>
      <Stack gap="sm">
        {conflict && (
          <ConflictAlert
            text={conflict.text}
            actionLabel={t('contract.useCurrent')}
            onUseCurrent={conflict.onUseCurrent}
          />
        )}
        {bannerError !== null && <ErrorBanner error={bannerError} />}
        {children}
        <Group gap="sm" wrap="wrap">
          <Button type="submit" loading={pending} data-testid={`${testId}-save`}>
            {saveLabel ?? t('contract.save')}
          </Button>
          {extraActions}
          <Button variant="subtle" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </AppForm>
  );
}

/** The reason a manager override needs (kept in the account history); shown only when required. */
export function ReasonField({ inputProps }: { inputProps: GetInputPropsReturnType }) {
  const { t } = useTranslation();
  return (
    <Textarea
      label={t('contract.reason')}
      description={t('contract.reasonHint')}
      required
      rows={2}
      maxLength={500}
      data-testid="reason"
      {...inputProps}
    />
  );
}
