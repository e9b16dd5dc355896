import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LegalAcceptanceDto } from '../../../shared/schemas/contract-page';
import { formatDateTime } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { lazyComponent } from '../../components/lazy-component';
import { SectionCard, type SectionProps } from './SectionCard';

const LegalDocumentDialog = lazyComponent(() => import('./LegalDocumentDialog'), 'LegalDocumentDialog');

/** (11) Legal: when and by whom the terms and the privacy policy were accepted; the exact version opens here. */
export function LegalSection({ page }: SectionProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<LegalAcceptanceDto | null>(null);
  // The dialog's module loads with the first opening and stays mounted (it animates its closing).
  const [used, setUsed] = useState(false);
  return (
    <SectionCard section={null} title={t('contract.legal.title')} ability={null} testId="section-legal">
      <Stack gap="sm">
        {(['terms', 'privacy'] as const).map((kind) => (
          <Acceptance
            key={kind}
            kind={kind}
            acceptance={page.legal[kind]}
            onOpen={(acceptance) => {
              setUsed(true);
              setOpen(acceptance);
            }}
          />
        ))}
      </Stack>
      <Text size="xs" c="dimmed">
        {t('contract.legal.note')}
      </Text>
      {used && (
        <Suspense fallback={null}>
          <LegalDocumentDialog acceptance={open} onClose={() => setOpen(null)} />
        </Suspense>
      )}
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
