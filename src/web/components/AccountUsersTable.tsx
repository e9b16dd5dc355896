import { Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AccountDetail } from '../../shared/schemas';
import { TableScroll } from './TableScroll';

export function AccountUsersTable({ users }: { users: AccountDetail['users'] }) {
  const { t } = useTranslation();
  if (users.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('accountUsers.empty')}
      </Text>
    );
  }
  return (
    <TableScroll minWidth={480} label={t('tables.users')}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('accountUsers.name')}</Table.Th>
            <Table.Th>{t('accountUsers.email')}</Table.Th>
            <Table.Th>{t('accountUsers.role')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Td>{user.name}</Table.Td>
              <Table.Td>{user.email}</Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm">{t(`accountUsers.roles.${user.role}`)}</Text>
                  {user.isAccountOwner && (
                    <Badge size="sm" variant="light">
                      {t('accountUsers.accountOwner')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
