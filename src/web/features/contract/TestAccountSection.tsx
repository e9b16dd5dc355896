import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { lazyComponent } from '../../components/lazy-component';
import { SectionCard, type SectionProps } from './SectionCard';

const TestAccountForm = lazyComponent(() => import('./TestAccountForm'), 'TestAccountForm');

/** (12) Test account: a manager's flag; documents of test accounts get their own number series and a TEST mark. */
export function TestAccountSection(props: SectionProps) {
  const { t } = useTranslation();
  const { testAccount } = props.page;
  return (
    <SectionCard
      section="testAccount"
      title={t('contract.testAccount.title')}
      ability={testAccount.ability}
      testId="section-test-account"
      form={(close) => <TestAccountForm {...props} close={close} />}
    >
      <Text data-testid="test-account-value" fw={600}>
        {t(testAccount.value ? 'contract.testAccount.yes' : 'contract.testAccount.no')}
      </Text>
      <Text size="sm">{t('contract.testAccount.effect')}</Text>
    </SectionCard>
  );
}
