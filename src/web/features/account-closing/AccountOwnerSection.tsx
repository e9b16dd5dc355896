import { Alert, Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountOwnerSectionDto } from '../../../shared/schemas';
import { formatDate, formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { ErrorBanner } from '../../components/ErrorBanner';
import { lazyComponent } from '../../components/lazy-component';
import { localizedTextOf } from '../../components/localized-values';
import { PageLoader } from '../../components/PageLoader';
import { type ClosingRealm, EXPORT_URL, fetchOwnerSection, ownerSectionKey } from './account-closing.api';
import { RetainedList } from './RetainedList';

const CloseAccountDialog = lazyComponent(() => import('./CloseAccountDialog'), 'CloseAccountDialog');

type Props = {
  accountId: string;
  realm: ClosingRealm;
  /** Called after the account was closed (e.g. to reload the page around it). */
  onClosed?: (section: AccountOwnerSectionDto) => void;
};

/** Section (2) Account owner: the owner's name, the data export and Delete account with what is kept until when. */
export function AccountOwnerSection({ accountId, realm, onClosed }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ownerSectionKey(realm, accountId),
    queryFn: ({ signal }) => fetchOwnerSection(realm, accountId, signal),
  });
  // After a client closes their own account their session has ended: the answer of the closing is shown.
  const [closed, setClosed] = useState<AccountOwnerSectionDto | null>(null);
  const section = closed ?? query.data;
  return (
    <Card withBorder padding="lg" radius="md" data-testid="owner-section">
      <Title order={2} size="h4" mb="md">
        {t('accountClosing.title')}
      </Title>
      {!section && query.isPending && <PageLoader />}
      {!section && query.isError && <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />}
      {section && (
        <SectionBody
          section={section}
          realm={realm}
          onClosed={(s) => {
            setClosed(s);
            if (realm === 'staff') {
              queryClient.setQueryData(ownerSectionKey(realm, accountId), s);
              void queryClient.invalidateQueries({ queryKey: ['accounts'] });
              void queryClient.invalidateQueries({ queryKey: ['account-users'] });
            }
            onClosed?.(s);
          }}
        />
      )}
    </Card>
  );
}

function SectionBody({
  section,
  realm,
  onClosed,
}: {
  section: AccountOwnerSectionDto;
  realm: ClosingRealm;
  onClosed: (s: AccountOwnerSectionDto) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const [confirming, setConfirming] = useState(false);
  // The dialog's module loads with the first click and stays mounted (it animates its closing).
  const [used, setUsed] = useState(false);
  const canClose = section.abilities['account.close'] === true;
  return (
    <Stack>
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          {t('accountClosing.owner')}
        </Text>
        <Text size="sm" fw={500} data-testid="owner-name">
          {section.owner?.name ?? t('accountClosing.noOwner')}
        </Text>
      </Group>
      {section.closedAt ? (
        <Alert
          color="gray"
          variant="light"
          data-testid="account-closed"
          title={t('accountClosing.closed.title')}
        >
          <Stack gap="xs">
            <Group gap="xs">
              <ClosedBadge />
              <Text size="sm">
                {t('accountClosing.closed.on', {
                  date: formatDate(section.closedAt, locale, session.tenant.timeZone),
                })}
              </Text>
            </Group>
            <RetainedList section={section} />
          </Stack>
        </Alert>
      ) : (
        <>
          {section.abilities['account.export'] && (
            <div>
              <Button
                component="a"
                href={EXPORT_URL}
                download
                variant="light"
                size="sm"
                data-testid="export-data"
              >
                {t('accountClosing.export.button')}
              </Button>
              <Text size="xs" c="dimmed" mt={4}>
                {t('accountClosing.export.hint')}
              </Text>
            </div>
          )}
          {(canClose || section.closeRefusal) && (
            <Stack gap="xs">
              <Group>
                <Button
                  color="red.9"
                  variant="outline"
                  disabled={!canClose}
                  onClick={() => {
                    setUsed(true);
                    setConfirming(true);
                  }}
                  aria-describedby={section.closeRefusal ? 'close-refusal' : undefined}
                  data-testid="delete-account"
                >
                  {t('accountClosing.delete.button')}
                </Button>
              </Group>
              {section.closeRefusal === 'running_bookings' && <RunningList section={section} />}
            </Stack>
          )}
          {!canClose && !section.closeRefusal && (
            <Text size="sm" c="dimmed" data-testid="close-not-allowed">
              {realm === 'staff'
                ? t('accountClosing.notAllowed.staff')
                : t('accountClosing.notAllowed.client')}
            </Text>
          )}
          {used && (
            <Suspense fallback={null}>
              <CloseAccountDialog
                section={section}
                realm={realm}
                opened={confirming}
                onClose={() => setConfirming(false)}
                onClosed={onClosed}
              />
            </Suspense>
          )}
        </>
      )}
    </Stack>
  );
}

export function ClosedBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="dark" variant="filled" size="sm" style={{ flexShrink: 0 }} data-testid="closed-badge">
      {t('accountClosing.closedMark')}
    </Badge>
  );
}

function RunningList({ section }: { section: AccountOwnerSectionDto }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Alert color="yellow" variant="light" id="close-refusal" data-testid="running-bookings">
      <Text size="sm" mb="xs">
        {t('accountClosing.refusal.running')}
      </Text>
      <List size="sm">
        {section.running.map((item) => (
          <List.Item key={`${item.kind}-${item.id}`}>
            {t(`accountClosing.running.${item.kind}`, {
              module: localizedTextOf(item.moduleName, locale),
              title: localizedTextOf(item.title, locale),
              start: formatPlainDate(item.startDate, locale),
            })}{' '}
            {item.endDate
              ? t('accountClosing.running.endsOn', { date: formatPlainDate(item.endDate, locale) })
              : t('accountClosing.running.noEnd')}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
