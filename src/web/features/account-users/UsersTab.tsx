import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale, type Locale, locales } from '../../../shared/locales';
import {
  type AccountUserDto,
  type AccountUsersView,
  type InvitationDto,
  invitationBody,
} from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { languageNames } from '../../app/language';
import { useSession } from '../../app/session';
import { zodFieldErrors } from '../../app/validation';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { TableScroll } from '../../components/TableScroll';
import {
  accountUsersKey,
  changeRole,
  fetchAccountUsers,
  inviteUser,
  removeUser,
  resendInvitation,
  revokeInvitation,
  transferOwnership,
  type UsersRealm,
  usersErrorMessage,
} from './account-users.api';

type Props = { accountId: string; realm: UsersRealm };

/** The Users tab of the contract page: the account's users and open invitations, with what the viewer may do. */
export function UsersTab({ accountId, realm }: Props) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: accountUsersKey(realm, accountId),
    queryFn: ({ signal }) => fetchAccountUsers(realm, accountId, signal),
  });
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Stack gap="lg" data-testid="users-tab">
      <Card withBorder padding="lg" radius="md">
        <Title order={2} size="h4" mb="md">
          {t('accountUsers.title')}
        </Title>
        <UsersAccess view={query.data} realm={realm} />
        <UsersTable view={query.data} accountId={accountId} realm={realm} />
      </Card>
      {(query.data.invitations.length > 0 || query.data.abilities['accountUser.invite']) && (
        <Card withBorder padding="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {t('accountUsers.invitations.title')}
          </Title>
          <Stack>
            <InvitationList view={query.data} accountId={accountId} realm={realm} />
            {query.data.abilities['accountUser.invite'] && <InviteForm accountId={accountId} realm={realm} />}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

/** Why the viewer sees the list read-only, in words. */
function UsersAccess({ view, realm }: { view: AccountUsersView; realm: UsersRealm }) {
  const { t } = useTranslation();
  if (view.isClosed)
    return (
      <Alert variant="light" color="gray" mb="md" data-testid="users-readonly">
        {t('accountUsers.readOnly.closed')}
      </Alert>
    );
  if (view.abilities['accountUser.invite']) return null;
  return (
    <Text size="sm" c="dimmed" mb="md" data-testid="users-readonly">
      {realm === 'staff' ? t('accountUsers.readOnly.staff') : t('accountUsers.readOnly.member')}
    </Text>
  );
}

function useUsersMutation<A>(
  realm: UsersRealm,
  accountId: string,
  fn: (arg: A) => Promise<AccountUsersView>,
  done: string,
) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (view) => {
      queryClient.setQueryData(accountUsersKey(realm, accountId), view);
      void queryClient.invalidateQueries({ queryKey: ['session'] });
      notifications.show({
        color: 'green',
        message: t(done),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'stale_version')
        void queryClient.invalidateQueries({ queryKey: accountUsersKey(realm, accountId) });
    },
  });
}

function UsersTable({
  view,
  accountId,
  realm,
}: {
  view: AccountUsersView;
  accountId: string;
  realm: UsersRealm;
}) {
  const { t } = useTranslation();
  const [removing, setRemoving] = useState<AccountUserDto | null>(null);
  const [handing, setHanding] = useState<AccountUserDto | null>(null);
  const role = useUsersMutation(
    realm,
    accountId,
    (a: { user: AccountUserDto; role: 'member' | 'admin' }) =>
      changeRole(a.user.id, { role: a.role, version: a.user.version }),
    'accountUsers.roleSaved',
  );
  const remove = useUsersMutation(
    realm,
    accountId,
    (u: AccountUserDto) => removeUser(u.id),
    'accountUsers.removed',
  );
  const owner = useUsersMutation(
    realm,
    accountId,
    (u: AccountUserDto) => transferOwnership(u.id),
    'accountUsers.ownerHanded',
  );
  const failed = role.error ?? remove.error ?? owner.error;
  // The actions column only where some user offers an action (staff see the list without one).
  const hasActions = view.users.some(
    (user) => user.abilities['account.transferOwnership'] || user.abilities['accountUser.remove'],
  );
  return (
    <Stack>
      {failed && <ErrorBanner error={failed} message={usersErrorMessage(failed, t)} />}
      <TableScroll minWidth={560} label={t('accountUsers.title')}>
        <Table verticalSpacing="sm" data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('accountUsers.name')}</Table.Th>
              <Table.Th>{t('accountUsers.email')}</Table.Th>
              <Table.Th>{t('accountUsers.role')}</Table.Th>
              {hasActions && <Table.Th>{t('accountUsers.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.users.map((user) => (
              <Table.Tr key={user.id} data-testid={`user-row-${user.email}`}>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm">{user.name}</Text>
                    {user.isYou && (
                      <Badge size="sm" variant="outline" color="dark">
                        {t('accountUsers.you')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {/* Whole, not broken mid-word: the table scrolls sideways on a phone. */}
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {user.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    {user.abilities['accountUser.changeRole'] ? (
                      <NativeSelect
                        size="xs"
                        aria-label={t('accountUsers.roleOf', { name: user.name })}
                        value={user.role}
                        disabled={role.isPending}
                        data={[
                          { value: 'member', label: t('accountUsers.roles.member') },
                          { value: 'admin', label: t('accountUsers.roles.admin') },
                        ]}
                        onChange={(e) =>
                          role.mutate({ user, role: e.currentTarget.value === 'admin' ? 'admin' : 'member' })
                        }
                      />
                    ) : (
                      <Text size="sm">{t(`accountUsers.roles.${user.role}`)}</Text>
                    )}
                    {user.isAccountOwner && (
                      <Badge size="sm" variant="light">
                        {t('accountUsers.accountOwner')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                {hasActions && (
                  <Table.Td>
                    <UserActions
                      user={user}
                      onRemove={() => setRemoving(user)}
                      onHandOver={() => setHanding(user)}
                    />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <ConfirmModal
        opened={removing !== null}
        title={t('accountUsers.remove.title')}
        text={removing ? t('accountUsers.remove.text', { name: removing.name }) : ''}
        confirm={t('accountUsers.remove.confirm')}
        color="red"
        loading={remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing, { onSettled: () => setRemoving(null) })}
      />
      <ConfirmModal
        opened={handing !== null}
        title={t('accountUsers.handOver.title')}
        text={handing ? t('accountUsers.handOver.text', { name: handing.name }) : ''}
        confirm={t('accountUsers.handOver.confirm')}
        loading={owner.isPending}
        onClose={() => setHanding(null)}
        onConfirm={() => handing && owner.mutate(handing, { onSettled: () => setHanding(null) })}
      />
    </Stack>
  );
}

/** The buttons the abilities allow, and for refused ones the reason in words. */
function UserActions({
  user,
  onRemove,
  onHandOver,
}: {
  user: AccountUserDto;
  onRemove: () => void;
  onHandOver: () => void;
}) {
  const { t } = useTranslation();
  const reasons = [...new Set(Object.values(user.refusals))];
  return (
    <Stack gap={4} align="flex-start">
      <Group gap="xs">
        {user.abilities['account.transferOwnership'] && (
          <Button size="xs" variant="light" onClick={onHandOver}>
            {t('accountUsers.handOver.button')}
          </Button>
        )}
        {user.abilities['accountUser.remove'] && (
          <Button size="xs" variant="outline" color="red.9" onClick={onRemove}>
            {t('accountUsers.remove.button')}
          </Button>
        )}
      </Group>
      {reasons
        .filter((r) => r !== 'already_owner' && r !== 'account_closed')
        .map((r) => (
          <Text key={r} size="xs" c="dimmed" data-testid="user-refusal">
            {t(`accountUsers.refusals.${r}`)}
          </Text>
        ))}
    </Stack>
  );
}

function ConfirmModal(props: {
  opened: boolean;
  title: string;
  text: string;
  confirm: string;
  color?: string;
  loading: boolean;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack>
        <Text size="sm">{props.text}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common.cancel')}
          </Button>
          <Button color={props.color} loading={props.loading} onClick={props.onConfirm}>
            {props.confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function InvitationList({
  view,
  accountId,
  realm,
}: {
  view: AccountUsersView;
  accountId: string;
  realm: UsersRealm;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const resend = useUsersMutation(
    realm,
    accountId,
    (i: InvitationDto) => resendInvitation(realm, accountId, i.id),
    'accountUsers.invitations.resent',
  );
  const revoke = useUsersMutation(
    realm,
    accountId,
    (i: InvitationDto) => revokeInvitation(i.id),
    'accountUsers.invitations.revoked',
  );
  if (view.invitations.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('accountUsers.invitations.none')}
      </Text>
    );
  const failed = resend.error ?? revoke.error;
  return (
    <Stack gap="xs">
      {failed && <ErrorBanner error={failed} message={usersErrorMessage(failed, t)} />}
      {view.invitations.map((inv) => (
        <Group key={inv.id} justify="space-between" wrap="wrap" data-testid={`invitation-${inv.email}`}>
          <div>
            <Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>
              {inv.email}
            </Text>
            <Text size="xs" c={inv.isExpired ? 'red.8' : 'dimmed'}>
              {t(`accountUsers.roles.${inv.role}`)} ·{' '}
              {inv.isExpired
                ? t('accountUsers.invitations.expired', {
                    at: formatDateTime(inv.expiresAt, locale, session.tenant.timeZone),
                  })
                : t('accountUsers.invitations.validUntil', {
                    at: formatDateTime(inv.expiresAt, locale, session.tenant.timeZone),
                  })}
            </Text>
          </div>
          <Group gap="xs">
            {inv.abilities['accountUser.resendInvitation'] && (
              <Button size="xs" variant="light" loading={resend.isPending} onClick={() => resend.mutate(inv)}>
                {t('accountUsers.invitations.resend')}
              </Button>
            )}
            {inv.abilities['accountUser.revokeInvitation'] && (
              <Button
                size="xs"
                variant="subtle"
                color="red"
                loading={revoke.isPending}
                onClick={() => revoke.mutate(inv)}
              >
                {t('accountUsers.invitations.revoke')}
              </Button>
            )}
          </Group>
        </Group>
      ))}
    </Stack>
  );
}

type InviteValues = { email: string; role: 'member' | 'admin'; locale: string };

function InviteForm({ accountId, realm }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<InviteValues>({
    initialValues: { email: '', role: 'member', locale: '' },
    validate: (values) => zodFieldErrors(invitationBody, toBody(values), t),
  });
  const invite = useMutation({
    mutationFn: (values: InviteValues) => inviteUser(toBody(values)),
    onSuccess: (view, values) => {
      queryClient.setQueryData(accountUsersKey(realm, accountId), view);
      form.reset();
      notifications.show({
        color: 'green',
        message: t('accountUsers.invite.sent', { email: values.email.trim() }),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      if (error.code === 'email_in_use' || error.code === 'invitation_pending')
        form.setFieldError('email', t(`accountUsers.problems.${error.code}`));
      else form.setErrors(error.fieldErrors);
    },
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => invite.mutate(values))} data-testid="invite-form">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('accountUsers.invite.title')}
        </Title>
        {invite.isError && !isFieldProblem(invite.error) && (
          <ErrorBanner error={invite.error} message={usersErrorMessage(invite.error, t)} />
        )}
        <Group align="flex-start" grow wrap="wrap" preventGrowOverflow={false}>
          <TextInput
            label={t('accountUsers.invite.email')}
            type="email"
            autoComplete="off"
            required
            miw={220}
            {...form.getInputProps('email')}
          />
          <NativeSelect
            label={t('accountUsers.invite.role')}
            miw={140}
            data={[
              { value: 'member', label: t('accountUsers.roles.member') },
              { value: 'admin', label: t('accountUsers.roles.admin') },
            ]}
            {...form.getInputProps('role')}
          />
          <NativeSelect
            label={t('accountUsers.invite.language')}
            miw={160}
            data={[
              { value: '', label: t('accountUsers.invite.languageDefault') },
              ...locales.map((l: Locale) => ({ value: l, label: languageNames[l] })),
            ]}
            {...form.getInputProps('locale')}
          />
        </Group>
        <Text size="xs" c="dimmed">
          {t('accountUsers.invite.hint')}
        </Text>
        <Group>
          <Button type="submit" loading={invite.isPending}>
            {t('accountUsers.invite.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Refusals shown at the e-mail field rather than in a banner. */
function isFieldProblem(error: unknown): boolean {
  return isApiError(error) && (error.code === 'email_in_use' || error.code === 'invitation_pending');
}

function toBody(values: InviteValues) {
  return {
    email: values.email.trim(),
    role: values.role,
    ...(isLocale(values.locale) ? { locale: values.locale } : {}),
  };
}
