import { AppShell, Box, Button, Container, Group, type GroupProps, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Realm } from '../../shared/schemas';
import { usePageTitle } from '../app/page-title';
import { useLogout, useRealmUser, useSession } from '../app/session';
import { AnchorLink } from './AnchorLink';
import { errorMessage } from './error-message';
import { LanguageSwitcher } from './LanguageSwitcher';

type AppLayoutProps = {
  /** The realm of the page; the header shows the user and logout when logged in to it. */
  realm?: Realm;
  /** What the page is, in the UI language: the document title (`<title>`) starts with it. */
  title: string;
  children: ReactNode;
};

export function AppLayout({ realm, title, children }: AppLayoutProps) {
  const session = useSession();
  usePageTitle(title);
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="lg" wrap="nowrap" miw={0}>
              <AnchorLink
                to={realm === 'staff' ? '/staff' : '/'}
                fw={700}
                size="lg"
                c="inherit"
                underline="never"
                fz={{ base: 'sm', xs: 'lg' }}
                lh={1.2}
                lineClamp={2}
                data-testid="tenant-name"
              >
                {session.tenant.name}
              </AnchorLink>
              {realm === 'staff' && session.realm === 'staff' && <StaffNav visibleFrom="lg" />}
            </Group>
            {/* A narrow gap leaves a phone room for the operator's name ("Demo Telefoonservice" beside "Abmelden"). */}
            <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
              <LanguageSwitcher />
              {realm && <UserMenu realm={realm} />}
            </Group>
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="lg">
          {realm === 'staff' && session.realm === 'staff' && <StaffNav hiddenFrom="lg" mb="md" wrap="wrap" />}
          {children}
        </Container>
        <Footer />
      </AppShell.Main>
    </AppShell>
  );
}

/** Links every page carries, public or logged in. */
function Footer() {
  const { t } = useTranslation();
  return (
    <Box component="footer" mt="xl" py="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
      <Container size="lg">
        <Group gap="lg">
          <AnchorLink to="/accessibility" size="sm" data-testid="footer-accessibility">
            {t('accessibility.footerLink')}
          </AnchorLink>
          {/* The cancellation button of §312k BGB: on every page, public or logged in. */}
          <AnchorLink to="/cancel-contracts" size="sm" data-testid="footer-cancel-contracts">
            {t('cancellationButton.footerLink')}
          </AnchorLink>
        </Group>
      </Container>
    </Box>
  );
}

/** Staff sections; beside the tenant name on wide screens, above the page on narrower ones (they are many). */
function StaffNav(props: Pick<GroupProps, 'visibleFrom' | 'hiddenFrom' | 'mb' | 'wrap'>) {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <Group
      gap="md"
      wrap="nowrap"
      component="nav"
      aria-label={t('layout.navigation')}
      style={{ whiteSpace: 'nowrap' }}
      {...props}
    >
      <AnchorLink to="/staff" size="sm">
        {t('layout.nav.accounts')}
      </AnchorLink>
      {session.abilities['cancellation.match'] && (
        <AnchorLink to="/staff/cancellations" size="sm" data-testid="nav-cancellations">
          {t('cancellationButton.staff.nav')}
        </AnchorLink>
      )}
      {session.abilities['tenant.readOutbox'] && (
        <AnchorLink to="/staff/outbox" size="sm">
          {t('layout.nav.outbox')}
        </AnchorLink>
      )}
      {session.abilities['catalog.manage'] && (
        <AnchorLink to="/staff/catalog" size="sm" data-testid="nav-catalog">
          {t('catalog.nav')}
        </AnchorLink>
      )}
      {session.abilities['invoice.manage'] && (
        <AnchorLink to="/staff/invoice-settings" size="sm" data-testid="nav-invoice-settings">
          {t('invoiceSettings.nav')}
        </AnchorLink>
      )}
      {session.abilities['billing.manage'] && (
        <AnchorLink to="/staff/billing-runs" size="sm" data-testid="nav-billing-runs">
          {t('billingRuns.nav')}
        </AnchorLink>
      )}
      {session.abilities['tenant.manageLegal'] && (
        <AnchorLink to="/staff/legal" size="sm" data-testid="nav-legal">
          {t('legal.nav')}
        </AnchorLink>
      )}
    </Group>
  );
}

function UserMenu({ realm }: { realm: Realm }) {
  const { t } = useTranslation();
  const user = useRealmUser(realm);
  const logout = useLogout(realm);
  if (!user) return null;
  return (
    <Group gap="sm" wrap="nowrap">
      <Text size="sm" c="dimmed" visibleFrom="xl" data-testid="current-user">
        {user.name}
      </Text>
      <Button
        size="xs"
        variant="default"
        loading={logout.isPending}
        onClick={() =>
          logout.mutate(undefined, {
            onError: (error) =>
              notifications.show({
                color: 'red',
                title: t('errors.title'),
                message: errorMessage(error, t),
                closeButtonProps: { 'aria-label': t('common.close') },
              }),
          })
        }
      >
        {t('layout.logout')}
      </Button>
    </Group>
  );
}
