import { Anchor, Collapse, Group, Paper, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { LegalDocumentDto } from '../../../shared/schemas';
import { formatDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { legalDocumentPdfUrl } from './registration.api';

/**
 * A legal document the user accepts: its title and version, and its text to read in place (or
 * its PDF in a new tab), so nobody accepts what they could not read.
 */
export function LegalDocumentText({ document, testId }: { document: LegalDocumentDto; testId?: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const [opened, { toggle }] = useDisclosure(false);
  return (
    <Paper withBorder radius="sm" p="sm" data-testid={testId}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <div>
          <Text fw={600} size="sm">
            {document.title}
          </Text>
          <Text size="xs" c="dimmed">
            {t('registration.legal.version', {
              version: document.version,
              date: formatDate(document.publishedAt, locale, session.tenant.timeZone),
            })}
          </Text>
        </div>
        {document.bodyText ? (
          <UnstyledButton onClick={toggle} aria-expanded={opened} c="blue" fz="sm">
            {opened ? t('registration.legal.hide') : t('registration.legal.read')}
          </UnstyledButton>
        ) : document.hasPdf ? (
          <Anchor href={legalDocumentPdfUrl(document.id)} target="_blank" rel="noopener" size="sm">
            {t('registration.legal.openPdf')}
          </Anchor>
        ) : null}
      </Group>
      {document.bodyText && (
        <Collapse expanded={opened}>
          <ScrollArea.Autosize mah={260} mt="sm" type="auto">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {document.bodyText}
            </Text>
          </ScrollArea.Autosize>
        </Collapse>
      )}
    </Paper>
  );
}
