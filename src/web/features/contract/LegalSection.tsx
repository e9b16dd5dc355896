import { Anchor, Button, Group, Modal, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LegalAcceptanceDto } from '../../../shared/schemas/contract-page';
import { formatDateTime } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { legalDocumentPdfUrl } from '../registration/registration.api';
import { fetchLegalDocument } from './contract.api';
import { SectionCard, type SectionProps } from './SectionCard';

/** (11) Legal: when and by whom the terms and the privacy policy were accepted; the exact version opens here. */
export function LegalSection({ page }: SectionProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<LegalAcceptanceDto | null>(null);
  return (
    <SectionCard section={null} title={t('contract.legal.title')} ability={null} testId="section-legal">
      <Stack gap="sm">
        {(['terms', 'privacy'] as const).map((kind) => (
          <Acceptance key={kind} kind={kind} acceptance={page.legal[kind]} onOpen={setOpen} />
        ))}
      </Stack>
      <Text size="xs" c="dimmed">
        {t('contract.legal.note')}
      </Text>
      <Modal
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={open ? t('contract.legal.versionTitle', { title: open.title, version: open.version }) : ''}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {open && <LegalDocumentBody id={open.documentId} />}
      </Modal>
    </SectionCard>
  );
}

function Acceptance({
  kind,
  acceptance,
  onOpen,
}: {
  kind: 'terms' | 'privacy';
  acceptance: LegalAcceptanceDto | null;
  onOpen: (a: LegalAcceptanceDto) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { tenant } = useSession();
  return (
    <Paper withBorder p="sm" radius="sm" data-testid={`legal-${kind}`}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t(`contract.legal.kinds.${kind}`)}
      </Text>
      {acceptance ? (
        <Group justify="space-between" gap="xs" wrap="wrap" align="flex-end">
          <div style={{ minWidth: 0 }}>
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {t('contract.legal.titleVersion', { title: acceptance.title, version: acceptance.version })}
            </Text>
            <Text size="sm">
              {t('contract.legal.acceptedAt', {
                date: formatDateTime(acceptance.acceptedAt, locale, tenant.timeZone),
                name: acceptance.acceptedBy ?? t('contract.partner.unknownPerson'),
              })}
            </Text>
          </div>
          <Button
            size="xs"
            variant="light"
            onClick={() => onOpen(acceptance)}
            data-testid={`legal-${kind}-open`}
          >
            {t('contract.legal.open')}
          </Button>
        </Group>
      ) : (
        <Text c="dimmed">{t('contract.legal.notAccepted')}</Text>
      )}
    </Paper>
  );
}

function LegalDocumentBody({ id }: { id: string }) {
  const { t } = useTranslation();
  const doc = useQuery({
    queryKey: ['legal', 'document', id],
    queryFn: ({ signal }) => fetchLegalDocument(id, signal),
  });
  if (doc.isPending) return <PageLoader />;
  if (doc.isError) return <ErrorBanner error={doc.error} onRetry={() => void doc.refetch()} />;
  return (
    <Stack gap="sm" data-testid="legal-document">
      {doc.data.bodyText && (
        <ScrollArea.Autosize mah="60vh" type="auto">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {doc.data.bodyText}
          </Text>
        </ScrollArea.Autosize>
      )}
      {doc.data.hasPdf && (
        <Anchor href={legalDocumentPdfUrl(doc.data.id)} target="_blank" rel="noopener" size="sm">
          {t('registration.legal.openPdf')}
        </Anchor>
      )}
    </Stack>
  );
}
