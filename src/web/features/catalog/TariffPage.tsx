import { Alert, Button, Card, Flex, Grid, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TariffDto } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorBanner } from '../../components/ErrorBanner';
import { errorMessage } from '../../components/error-message';
import { localizedTextOf } from '../../components/localized-values';
import { NotAvailable } from '../../components/NotAvailable';
import { PageLoader } from '../../components/PageLoader';
import { PriceList } from '../../components/PriceList';
import {
  catalogKeys,
  copyTariff,
  deleteTariff,
  fetchModule,
  fetchTariff,
  setTariffPublished,
} from './catalog.api';
import { ItemsTable } from './ItemsTable';
import { OfferNumber, PublicBadge, PublishedBadge } from './ModulePage';
import { TariffForm } from './TariffForm';
import { TariffInUseNotice } from './TariffInUseNotice';

function BackToModule({ moduleId }: { moduleId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const module = useQuery({
    queryKey: catalogKeys.module(moduleId),
    queryFn: ({ signal }) => fetchModule(moduleId, signal),
  });
  const name = module.data ? localizedTextOf(module.data.name, locale) : '';
  return (
    <AnchorLink to="/staff/catalog/modules/$id" params={{ id: moduleId }} size="sm">
      ← {name ? t('catalog.tariffs.backTo', { name }) : t('catalog.tariffs.back')}
    </AnchorLink>
  );
}

export function TariffNewPage({ moduleId }: { moduleId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <AppLayout realm="staff" title={t('catalog.tariff.newTitle')}>
      <Stack>
        <BackToModule moduleId={moduleId} />
        <Title order={1} size="h2">
          {t('catalog.tariff.newTitle')}
        </Title>
        {session.abilities['catalog.manage'] ? (
          <Card withBorder padding="lg" radius="md">
            <TariffForm tariff={null} moduleId={moduleId} />
          </Card>
        ) : (
          <NotAvailable />
        )}
      </Stack>
    </AppLayout>
  );
}

export function TariffPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const tariff = useQuery({
    queryKey: catalogKeys.tariff(id),
    queryFn: ({ signal }) => fetchTariff(id, signal),
  });
  return (
    <AppLayout
      realm="staff"
      title={
        tariff.data ? localizedTextOf(tariff.data.title, locale) || t('catalog.untitled') : t('titles.tariff')
      }
    >
      <Stack>
        {tariff.data && <BackToModule moduleId={tariff.data.moduleId} />}
        {tariff.isPending && <PageLoader />}
        {tariff.isError && <ErrorBanner error={tariff.error} onRetry={() => void tariff.refetch()} />}
        {tariff.data && <TariffView tariff={tariff.data} />}
      </Stack>
    </AppLayout>
  );
}

function TariffView({ tariff }: { tariff: TariffDto }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const canManage = tariff.abilities['catalog.manage'] === true;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1} size="h2" data-testid="tariff-heading">
              {localizedTextOf(tariff.title, locale) || t('catalog.untitled')}
            </Title>
            <PublishedBadge tariff={tariff} />
            <PublicBadge tariff={tariff} />
          </Group>
          {tariff.offerNumber && (
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('catalog.tariff.offerNumber')}:
              </Text>
              <OfferNumber value={tariff.offerNumber} />
            </Group>
          )}
        </Stack>
        {canManage && <TariffActions tariff={tariff} />}
      </Group>
      <TariffInUseNotice tariff={tariff} context="page" />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <Card withBorder padding="lg" radius="md">
              <Title order={2} size="h4" mb="md">
                {t('catalog.items.title')}
              </Title>
              <ItemsTable tariff={tariff} />
            </Card>
            {canManage && (
              <Card withBorder padding="lg" radius="md">
                <Title order={2} size="h4" mb="md">
                  {t('catalog.tariff.settings')}
                </Title>
                <TariffForm key={tariff.id} tariff={tariff} />
              </Card>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder padding="lg" radius="md" style={{ position: 'sticky', top: 76 }}>
            <Title order={2} size="h4">
              {t('catalog.priceList.title')}
            </Title>
            <Text size="xs" c="dimmed" mb="md">
              {t('catalog.priceList.intro')}
            </Text>
            <PriceList tariff={tariff} currency={session.tenant.currency} />
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function TariffActions({ tariff }: { tariff: TariffDto }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const canDelete = tariff.abilities['tariff.delete'] === true;

  const copy = useMutation({
    mutationFn: () => copyTariff(tariff.id),
    onSuccess: (created) => {
      queryClient.setQueryData(catalogKeys.tariff(created.id), created);
      void queryClient.invalidateQueries({ queryKey: catalogKeys.tariffs(created.moduleId) });
      void queryClient.invalidateQueries({ queryKey: catalogKeys.modules });
      notifications.show({
        color: 'green',
        message: t('catalog.tariff.copiedTariff'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
      void navigate({ to: '/staff/catalog/tariffs/$id', params: { id: created.id } });
    },
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: t('errors.title'),
        message: errorMessage(error, t),
        closeButtonProps: { 'aria-label': t('common.close') },
      }),
  });

  const remove = useMutation({
    mutationFn: () => deleteTariff(tariff.id),
    onSuccess: () => {
      setConfirming(false);
      queryClient.removeQueries({ queryKey: catalogKeys.tariff(tariff.id) });
      void queryClient.invalidateQueries({ queryKey: catalogKeys.tariffs(tariff.moduleId) });
      void queryClient.invalidateQueries({ queryKey: catalogKeys.modules });
      void queryClient.invalidateQueries({ queryKey: catalogKeys.module(tariff.moduleId) });
      notifications.show({
        color: 'green',
        message: t('catalog.tariff.deleted'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
      void navigate({ to: '/staff/catalog/modules/$id', params: { id: tariff.moduleId } });
    },
  });
  const inUse = isApiError(remove.error) && remove.error.code === 'tariff_in_use';
  const canPublish = tariff.abilities['tariff.publish'] === true;
  const canUnpublish = tariff.abilities['tariff.unpublish'] === true;

  return (
    // Right-aligned beside the title; under it on a phone, aligned at the start like the title.
    <Flex direction="column" gap={4} align={{ base: 'flex-start', sm: 'flex-end' }}>
      <Group gap="xs">
        {(canPublish || canUnpublish) && <PublishButton tariff={tariff} publish={canPublish} />}
        <Button
          variant="default"
          loading={copy.isPending}
          onClick={() => copy.mutate()}
          data-testid="tariff-copy"
        >
          {t('catalog.tariff.copy')}
        </Button>
        <Button
          variant="light"
          color="red"
          disabled={!canDelete}
          onClick={() => {
            remove.reset();
            setConfirming(true);
          }}
          data-testid="tariff-delete"
        >
          {t('catalog.tariff.delete')}
        </Button>
      </Group>
      {!canDelete && tariff.inUse && (
        <Text size="xs" c="dimmed" maw={320} ta={{ base: 'left', sm: 'right' }}>
          {t('catalog.tariff.inUse')}
        </Text>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('catalog.tariff.deleteTitle')}>
        <Stack>
          <Text size="sm">{t('catalog.tariff.deleteConfirm')}</Text>
          {remove.isError &&
            (inUse ? (
              <Alert color="red" variant="light" role="alert" title={t('catalog.tariff.inUseTitle')}>
                <Text size="sm">{isApiError(remove.error) ? (remove.error.problem?.title ?? '') : ''}</Text>
                <Text size="sm" mt={4}>
                  {t('catalog.tariff.inUse')}
                </Text>
              </Alert>
            ) : (
              <ErrorBanner error={remove.error} />
            ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('catalog.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()} disabled={inUse}>
              {t('catalog.tariff.deleteConfirmButton')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Flex>
  );
}

/**
 * Publishing makes a tariff orderable from now on; unpublishing stops new orders while its bookings
 * go on. Both ask first, saying so. A tariff without items cannot be published: the server's field
 * message is shown in the dialog.
 */
function PublishButton({ tariff, publish }: { tariff: TariffDto; publish: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const mutation = useMutation({
    mutationFn: () => setTariffPublished(tariff.id, publish, tariff.version),
    onSuccess: (updated) => {
      setConfirming(false);
      queryClient.setQueryData(catalogKeys.tariff(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: catalogKeys.tariffs(updated.moduleId) });
      void queryClient.invalidateQueries({ queryKey: catalogKeys.module(updated.moduleId) });
      notifications.show({
        color: 'green',
        message: publish ? t('catalog.tariff.publishedNow') : t('catalog.tariff.unpublishedNow'),
        closeButtonProps: { 'aria-label': t('common.close') },
        autoClose: 4000,
      });
    },
  });
  const error = isApiError(mutation.error) ? mutation.error : null;
  const stale = error?.code === 'stale_version';
  const fieldMessages = error ? Object.values(error.fieldErrors) : [];
  const close = () => {
    setConfirming(false);
    mutation.reset();
  };
  return (
    <>
      <Button
        variant={publish ? 'filled' : 'default'}
        color={publish ? 'green' : undefined}
        onClick={() => {
          mutation.reset();
          setConfirming(true);
        }}
        data-testid={publish ? 'tariff-publish' : 'tariff-unpublish'}
      >
        {publish ? t('catalog.tariff.publish') : t('catalog.tariff.unpublish')}
      </Button>
      <Modal
        opened={confirming}
        onClose={close}
        title={publish ? t('catalog.tariff.publishTitle') : t('catalog.tariff.unpublishTitle')}
      >
        <Stack>
          <Text size="sm">
            {publish ? t('catalog.tariff.publishConfirm') : t('catalog.tariff.unpublishConfirm')}
          </Text>
          {stale ? (
            <ConflictAlert
              text={t('catalog.tariff.publishConflict')}
              actionLabel={t('catalog.conflict.useCurrent')}
              onUseCurrent={() => {
                void queryClient.invalidateQueries({ queryKey: catalogKeys.tariff(tariff.id) });
                close();
              }}
            />
          ) : fieldMessages.length > 0 ? (
            <Alert color="red" variant="light" role="alert" data-testid="tariff-publish-error">
              {fieldMessages.map((message) => (
                <Text size="sm" key={message}>
                  {message}
                </Text>
              ))}
            </Alert>
          ) : (
            mutation.isError && <ErrorBanner error={mutation.error} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('catalog.cancel')}
            </Button>
            <Button
              color={publish ? 'green' : 'red'}
              loading={mutation.isPending}
              disabled={fieldMessages.length > 0 || stale}
              onClick={() => mutation.mutate()}
              data-testid="tariff-publish-confirm"
            >
              {publish
                ? t('catalog.tariff.publishConfirmButton')
                : t('catalog.tariff.unpublishConfirmButton')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
