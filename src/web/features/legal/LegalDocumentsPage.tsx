import {
  Anchor,
  Badge,
  Button,
  Card,
  EmptyState,
  FileInput,
  Group,
  Modal,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LegalDocumentDto } from '../../../shared/schemas';
import { problemFieldErrors } from '../../app/form-errors';
import { formatDateTime } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AppForm } from '../../components/AppForm';
import { AppLayout } from '../../components/AppLayout';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NotAvailable } from '../../components/NotAvailable';
import { PageLoader } from '../../components/PageLoader';
import { TableScroll } from '../../components/TableScroll';
import {
  fetchLegalDocuments,
  type LegalKind,
  legalKeys,
  legalPdfUrl,
  publishLegalPdf,
  publishLegalText,
} from './legal.api';

const kinds: LegalKind[] = ['terms', 'privacy'];

export function LegalDocumentsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = session.abilities['tenant.manageLegal'] === true;
  return (
    <AppLayout realm="staff" title={t('legal.title')}>
      <Stack>
        <div>
          <Title order={1} size="h2">
            {t('legal.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('legal.intro')}
          </Text>
        </div>
        {canManage ? <LegalDocuments /> : <NotAvailable />}
      </Stack>
    </AppLayout>
  );
}

function LegalDocuments() {
  const { t } = useTranslation();
  const documents = useQuery({
    queryKey: legalKeys.list,
    queryFn: ({ signal }) => fetchLegalDocuments(signal),
  });
  if (documents.isPending) return <PageLoader />;
  if (documents.isError)
    return <ErrorBanner error={documents.error} onRetry={() => void documents.refetch()} />;
  return (
    <Tabs defaultValue="terms" keepMounted={false}>
      <Tabs.List>
        {kinds.map((kind) => (
          <Tabs.Tab key={kind} value={kind} data-testid={`legal-tab-${kind}`}>
            {t(`legal.kinds.${kind}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {kinds.map((kind) => (
        <Tabs.Panel key={kind} value={kind} pt="md">
          <Stack gap="lg">
            <VersionsTable kind={kind} documents={documents.data.items.filter((d) => d.kind === kind)} />
            <Card withBorder padding="lg" radius="md">
              <Title order={2} size="h4">
                {t('legal.publish.title', { kind: t(`legal.kinds.${kind}`) })}
              </Title>
              <Text size="sm" c="dimmed" mb="md">
                {t('legal.publish.intro')}
              </Text>
              <PublishForm kind={kind} />
            </Card>
          </Stack>
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

function VersionsTable({ kind, documents }: { kind: LegalKind; documents: LegalDocumentDto[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const [viewing, setViewing] = useState<LegalDocumentDto | null>(null);
  const sorted = [...documents].sort((a, b) => b.version - a.version);
  if (sorted.length === 0)
    return (
      <EmptyState
        size="sm"
        title={t('legal.versions.emptyTitle', { kind: t(`legal.kinds.${kind}`) })}
        description={t('legal.versions.empty')}
      />
    );
  return (
    <Card withBorder padding="lg" radius="md">
      <Title order={2} size="h4" mb="md">
        {t('legal.versions.title')}
      </Title>
      <TableScroll minWidth={560} label={t('legal.versions.title')}>
        <Table verticalSpacing="sm" data-testid={`legal-versions-${kind}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>{t('legal.versions.version')}</Table.Th>
              <Table.Th>{t('legal.versions.docTitle')}</Table.Th>
              <Table.Th>{t('legal.versions.form')}</Table.Th>
              <Table.Th>{t('legal.versions.publishedAt')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((doc, index) => (
              <Table.Tr key={doc.id} data-testid="legal-version-row">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{doc.version}</Text>
                    {index === 0 && (
                      <Badge size="sm" color="green" variant="light">
                        {t('legal.versions.current')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{doc.title}</Table.Td>
                <Table.Td>{doc.hasPdf ? t('legal.versions.pdf') : t('legal.versions.text')}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(doc.publishedAt, locale, session.tenant.timeZone)}
                </Table.Td>
                <Table.Td ta="right">
                  {doc.hasPdf ? (
                    <Anchor href={legalPdfUrl(doc.id)} target="_blank" rel="noopener" size="sm">
                      {t('legal.versions.openPdf')}
                    </Anchor>
                  ) : (
                    <Button size="compact-sm" variant="subtle" onClick={() => setViewing(doc)}>
                      {t('legal.versions.view')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <Modal
        opened={viewing !== null}
        onClose={() => setViewing(null)}
        size="xl"
        title={
          viewing ? t('legal.versions.viewTitle', { title: viewing.title, version: viewing.version }) : ''
        }
        scrollAreaComponent={ScrollArea.Autosize}
      >
        {viewing && (
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              {t('legal.versions.publishedOn', {
                date: formatDateTime(viewing.publishedAt, locale, session.tenant.timeZone),
              })}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="legal-text">
              {viewing.bodyText}
            </Text>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}

type PublishValues = { form: 'text' | 'pdf'; title: string; bodyText: string; file: File | null };

function PublishForm({ kind }: { kind: LegalKind }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<PublishValues>({
    initialValues: { form: 'text', title: '', bodyText: '', file: null },
    validate: {
      title: (value) => (value.trim() ? null : t('validation.required')),
      bodyText: (value, values) =>
        values.form === 'text' && !value.trim() ? t('validation.required') : null,
      file: (value, values) =>
        values.form !== 'pdf'
          ? null
          : !value
            ? t('legal.publish.fileRequired')
            : value.size > 10 * 1024 * 1024
              ? t('legal.publish.fileTooLarge')
              : null,
    },
  });
  const publish = useMutation({
    mutationFn: (values: PublishValues) =>
      values.form === 'pdf' && values.file
        ? publishLegalPdf(kind, values.title, values.file)
        : publishLegalText({ kind, title: values.title.trim(), bodyText: values.bodyText.trim() }),
    onSuccess: (doc) => {
      void queryClient.invalidateQueries({ queryKey: legalKeys.list });
      form.reset();
      notifications.show({
        color: 'green',
        message: t('legal.publish.done', { version: doc.version }),
        // A success message goes away by itself instead of covering the next page's fields.
        autoClose: 5000,
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    },
    onError: (error) => form.setErrors(problemFieldErrors(error, t, { namespace: 'legal.problems' })),
  });
  const values = form.getValues();
  // Publishing binds every future order (terms) or registration (privacy): confirm first.
  const [confirming, setConfirming] = useState<PublishValues | null>(null);
  return (
    <AppForm onSubmit={form.onSubmit((v) => setConfirming(v))}>
      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('legalConfirm.title', { kind: t(`legal.kinds.${kind}`) })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="md">
          <Text size="sm">{t(`legalConfirm.text.${kind}`)}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('legalConfirm.cancel')}
            </Button>
            <Button
              data-testid={`legal-publish-confirm-${kind}`}
              loading={publish.isPending}
              onClick={() => {
                if (confirming) publish.mutate(confirming, { onSettled: () => setConfirming(null) });
              }}
            >
              {t('legalConfirm.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Stack gap="sm">
        {publish.isError && <ErrorBanner error={publish.error} />}
        <SegmentedControl
          w="fit-content"
          data={[
            { value: 'text', label: t('legal.publish.asText') },
            { value: 'pdf', label: t('legal.publish.asPdf') },
          ]}
          {...form.getInputProps('form')}
        />
        <TextInput
          label={t('legal.publish.docTitle')}
          required
          data-testid={`legal-title-${kind}`}
          {...form.getInputProps('title')}
        />
        {values.form === 'text' ? (
          <Textarea
            label={t('legal.publish.text')}
            required
            autosize
            minRows={8}
            maxRows={20}
            data-testid={`legal-text-${kind}`}
            {...form.getInputProps('bodyText')}
          />
        ) : (
          <FileInput
            label={t('legal.publish.file')}
            description={t('legal.publish.fileHint')}
            accept="application/pdf"
            clearable
            required
            {...form.getInputProps('file')}
          />
        )}
        <Group>
          <Button type="submit" loading={publish.isPending} data-testid={`legal-publish-${kind}`}>
            {t('legal.publish.submit')}
          </Button>
        </Group>
      </Stack>
    </AppForm>
  );
}
