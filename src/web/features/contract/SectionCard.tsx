import { Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractPage, SectionAbility } from '../../../shared/schemas/contract-page';
import type { FieldErrors } from '../../app/api';
import { problemFieldErrors } from '../../app/form-errors';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AppForm } from '../../components/AppForm';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorBanner } from '../../components/ErrorBanner';
import { accountKeys } from '../accounts/accounts.api';
import {
  type ContractRealm,
  contractKey,
  putSection,
  type SectionBodies,
  type SectionPath,
  staleCurrent,
} from './contract.api';
import { refusalText, type SectionName, whoMayChange } from './section-text';

/** What every section needs: whose page it is and the page as last read. */
export type SectionProps = { realm: ContractRealm; accountId: string; page: ContractPage };

type SectionCardProps = {
  section: SectionName | null;
  title: string;
  /** The section's ability from the API; null for sections that are only shown. */
  ability: SectionAbility | null;
  testId: string;
  /** The section's value, as it is printed or applies. */
  children: ReactNode;
  /** The edit form; called only when the API allows the viewer to change the section. */
  form?: (close: () => void) => ReactNode;
  /** A badge beside the title (e.g. "custom", "override"). */
  badge?: ReactNode;
};

/**
 * One card of the Contract data tab: its value, who may change it and — when the viewer may not —
 * why not, in words from the API's refusal. The form opens only when the ability allows it.
 */
export function SectionCard({ section, title, ability, testId, children, form, badge }: SectionCardProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const operator = session.tenant.name;
  const canEdit = ability?.canEdit === true && form !== undefined;
  return (
    <Card withBorder padding="lg" radius="md" data-testid={testId} component="section" aria-label={title}>
      {/*
        The Change button stays top right while the title wraps beside it (long compound words carry
        soft hyphens in the translations); only a word wider than the room left moves it below, so
        no word is ever broken.
      */}
      <Group justify="space-between" align="flex-start" gap="xs" mb="sm" wrap="wrap">
        <Group gap="xs" wrap="wrap" style={{ flex: '1 1 0', minWidth: 'min-content' }}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {badge}
        </Group>
        {canEdit && !editing && (
          <Button
            size="xs"
            variant="light"
            onClick={() => setEditing(true)}
            data-testid={`${testId}-edit`}
            style={{ flexShrink: 0 }}
          >
            {t('contract.change')}
          </Button>
        )}
      </Group>
      <Stack gap="sm">
        {children}
        {section && ability?.refusal?.code !== 'account_closed' && (
          <Text size="xs" c="dimmed" data-testid={`${testId}-who`}>
            {whoMayChange(section, t, locale, operator)}
          </Text>
        )}
        {section && ability?.refusal && (
          <Text size="sm" c="dimmed" fs="italic" data-testid={`${testId}-refusal`}>
            {refusalText(ability.refusal, section, t, operator)}
          </Text>
        )}
        {canEdit && editing && form?.(() => setEditing(false))}
      </Stack>
    </Card>
  );
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

export function SourceBadge({ children, color }: { children: ReactNode; color?: string }) {
  return (
    <Badge variant="light" color={color ?? 'gray'} size="sm">
      {children}
    </Badge>
  );
}
