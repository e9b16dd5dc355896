import { Anchor, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LegalAcceptanceDto } from '../../../shared/schemas/contract-page';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { legalDocumentPdfUrl } from '../registration/registration.api';
import { fetchLegalDocument } from './contract.api';

/** The exact version of a legal document the client accepted, in a dialog (LegalSection loads it lazily). */
export function LegalDocumentDialog({
  acceptance,
  onClose,
}: {
  acceptance: LegalAcceptanceDto | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={acceptance !== null}
      onClose={onClose}
      title={
        acceptance
          ? t('contract.legal.versionTitle', { title: acceptance.title, version: acceptance.version })
          : ''
      }
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {acceptance && <LegalDocumentBody id={acceptance.documentId} />}
    </Modal>
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
