import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractPage, SectionAbility } from '../../../shared/schemas/contract-page';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { LoadingIndicator } from '../../components/LoadingIndicator';
import type { ContractRealm } from './contract.api';
import { refusalText, type SectionName, whoMayChange } from './section-text';

/** What every section needs: whose page it is and the page as last read. */
export type SectionProps = { realm: ContractRealm; accountId: string; page: ContractPage };

type SectionCardProps = {
  section: SectionName | null;
  title: string;
  /** The section's ability from the API; null for sections that are only shown. */
  ability: SectionAbility | null;
  testId: string;
  /** The section's value, as it is printed or applies. */
  children: ReactNode;
  /**
   * The edit form; called only when the API allows the viewer to change the section. Forms are
   * lazy components (their own chunks, see SectionForm.tsx): the page loads without them.
   */
  form?: (close: () => void) => ReactNode;
  /** A badge beside the title (e.g. "custom", "override"). */
  badge?: ReactNode;
};

/**
 * One card of the Contract data tab: its value, who may change it and — when the viewer may not —
 * why not, in words from the API's refusal. The form opens only when the ability allows it.
 */
export function SectionCard({ section, title, ability, testId, children, form, badge }: SectionCardProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const operator = session.tenant.name;
  const canEdit = ability?.canEdit === true && form !== undefined;
  return (
    <Card withBorder padding="lg" radius="md" data-testid={testId} component="section" aria-label={title}>
      {/*
        The Change button stays top right while the title wraps beside it (long compound words carry
        soft hyphens in the translations); only a word wider than the room left moves it below, so
        no word is ever broken.
      */}
      <Group justify="space-between" align="flex-start" gap="xs" mb="sm" wrap="wrap">
        <Group gap="xs" wrap="wrap" style={{ flex: '1 1 0', minWidth: 'min-content' }}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {badge}
        </Group>
        {canEdit && !editing && (
          <Button
            size="xs"
            variant="light"
            onClick={() => setEditing(true)}
            data-testid={`${testId}-edit`}
            style={{ flexShrink: 0 }}
          >
            {t('contract.change')}
          </Button>
        )}
      </Group>
      <Stack gap="sm">
        {children}
        {section && ability?.refusal?.code !== 'account_closed' && (
          <Text size="xs" c="dimmed" data-testid={`${testId}-who`}>
            {whoMayChange(section, t, locale, operator)}
          </Text>
        )}
        {section && ability?.refusal && (
          <Text size="sm" c="dimmed" fs="italic" data-testid={`${testId}-refusal`}>
            {refusalText(ability.refusal, section, t, operator)}
          </Text>
        )}
        {canEdit && editing && (
          <Suspense fallback={<LoadingIndicator />}>{form?.(() => setEditing(false))}</Suspense>
        )}
      </Stack>
    </Card>
  );
}

export function SourceBadge({ children, color }: { children: ReactNode; color?: string }) {
  return (
    <Badge variant="light" color={color ?? 'gray'} size="sm">
      {children}
    </Badge>
  );
}
