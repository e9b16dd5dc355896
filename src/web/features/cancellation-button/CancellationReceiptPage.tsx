import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CancellationReceipt } from '../../../shared/schemas';
import { formatDateTime, formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { AuthCard } from '../../components/AuthCard';
import { keptReceipt, receiptPdfUrl } from './cancellation.api';

/**
 * `/cancel-contracts/receipt`: the declaration as received, with date and time of receipt, to save
 * as PDF or print. The confirmation e-mail has gone out already.
 */
export function CancellationReceiptPage() {
  const { t } = useTranslation();
  const [receipt] = useState(keptReceipt);
  return (
    <AppLayout title={t('cancellationButton.receiptTitle')}>
      <AuthCard width={680} title={t('cancellationButton.receiptTitle')}>
        {receipt ? (
          <ReceiptContent receipt={receipt} />
        ) : (
          <Stack>
            <Text>{t('cancellationButton.receiptGone')}</Text>
            <AnchorLink to="/cancel-contracts">{t('cancellationButton.footerLink')}</AnchorLink>
          </Stack>
        )}
      </AuthCard>
    </AppLayout>
  );
}

function ReceiptContent({ receipt }: { receipt: CancellationReceipt }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const d = receipt.declaration;
  const rows: [string, string][] = [
    [
      t('cancellationButton.kind'),
      d.kind === 'ordinary' ? t('cancellationButton.ordinary') : t('cancellationButton.extraordinary'),
    ],
    ...(d.reason ? ([[t('cancellationButton.reason'), d.reason]] as [string, string][]) : []),
    [t('cancellationButton.name'), d.name],
    [t('cancellationButton.email'), d.email],
    [t('cancellationButton.contract'), d.contract],
    [
      t('cancellationButton.desiredEndDate'),
      d.desiredEndDate ? formatPlainDate(d.desiredEndDate, locale) : t('cancellationButton.earliest'),
    ],
    [t('cancellationButton.confirmationEmail'), d.confirmationEmail],
    [t('cancellationButton.receivedAt'), formatDateTime(receipt.receivedAt, locale, session.tenant.timeZone)],
    [t('cancellationButton.reference'), receipt.id.replace(/-/g, '').slice(0, 10).toUpperCase()],
  ];
  return (
    <Stack>
      <Alert color="green" variant="light" role="status" data-testid="cancellation-received">
        <Text fw={600} size="sm">
          {t('cancellationButton.receivedTitle')}
        </Text>
        <Text size="sm">{t('cancellationButton.receivedText', { email: d.confirmationEmail })}</Text>
      </Alert>
      <Table withRowBorders data-testid="cancellation-receipt">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" w="40%">
                {label}
              </Table.Th>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button component="a" href={receiptPdfUrl(receipt)} download data-testid="receipt-pdf">
          {t('cancellationButton.downloadPdf')}
        </Button>
        <Button variant="default" onClick={() => window.print()}>
          {t('cancellationButton.print')}
        </Button>
      </Group>
    </Stack>
  );
}
