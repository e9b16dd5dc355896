import { List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AppLayout } from '../../components/AppLayout';

/** When the statement was last reviewed against the app (update it with the statement's text). */
export const STATEMENT_REVIEWED = '2026-12-01';

const limitationKeys = ['pdf', 'language', 'email'] as const;

/**
 * `/accessibility`: the accessibility statement (European Accessibility Act, Directive (EU) 2019/882;
 * in Germany the BFSG): conformance, known limitations, feedback to the operator, enforcement.
 */
export function AccessibilityStatementPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const realm = session.realm ?? undefined;
  const operator = session.tenant.name;
  return (
    <AppLayout realm={realm} title={t('accessibility.title')}>
      <Stack maw={760} gap="lg" data-testid="accessibility-statement">
        <div>
          <Title order={1} size="h2">
            {t('accessibility.title')}
          </Title>
          <Text mt="xs">{t('accessibility.intro', { operator })}</Text>
        </div>
        <section aria-labelledby="a11y-status">
          <Title order={2} size="h4" id="a11y-status" mb="xs">
            {t('accessibility.status.title')}
          </Title>
          <Text>{t('accessibility.status.text')}</Text>
        </section>
        <section aria-labelledby="a11y-method">
          <Title order={2} size="h4" id="a11y-method" mb="xs">
            {t('accessibility.method.title')}
          </Title>
          <Text>{t('accessibility.method.text')}</Text>
        </section>
        <section aria-labelledby="a11y-limitations">
          <Title order={2} size="h4" id="a11y-limitations" mb="xs">
            {t('accessibility.limitations.title')}
          </Title>
          <List spacing="xs">
            {limitationKeys.map((key) => (
              <List.Item key={key}>{t(`accessibility.limitations.${key}`, { operator })}</List.Item>
            ))}
          </List>
        </section>
        <section aria-labelledby="a11y-feedback">
          <Title order={2} size="h4" id="a11y-feedback" mb="xs">
            {t('accessibility.feedback.title')}
          </Title>
          <Text>{t('accessibility.feedback.text', { operator })}</Text>
        </section>
        <section aria-labelledby="a11y-enforcement">
          <Title order={2} size="h4" id="a11y-enforcement" mb="xs">
            {t('accessibility.enforcement.title')}
          </Title>
          <Text>{t('accessibility.enforcement.text')}</Text>
        </section>
        <Text size="sm" c="dimmed">
          {t('accessibility.reviewed', { date: formatPlainDate(STATEMENT_REVIEWED, locale) })}
        </Text>
      </Stack>
    </AppLayout>
  );
}
