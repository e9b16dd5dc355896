import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { bookingKeys, fetchAccountModules } from './bookings.api';
import { ButtonLink } from './ClientModulesSection';
import { ModulesSection } from './ModulesSection';

/** An account's modules on its staff page: bookings (to their module data) and "order on behalf". */
export function StaffModulesSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const modules = useQuery({
    queryKey: bookingKeys.ofAccount(accountId),
    queryFn: ({ signal }) => fetchAccountModules(accountId, signal),
  });
  if (modules.isPending) return <PageLoader />;
  if (modules.isError) return <ErrorBanner error={modules.error} onRetry={() => void modules.refetch()} />;
  return (
    <ModulesSection
      modules={modules.data}
      canOrder={session.abilities['module.order'] === true}
      orderableTitle={t('bookings.section.orderableStaff')}
      cannotOrderHint={t('bookings.section.staffCannotOrder')}
      bookingLink={(booking, label) => (
        <AnchorLink
          to="/staff/accounts/$id/bookings/$bookingId"
          params={{ id: accountId, bookingId: booking.id }}
          fw={600}
          size="sm"
        >
          {label}
        </AnchorLink>
      )}
      orderAction={(module) => (
        <ButtonLink
          to="/staff/accounts/$id/order/$moduleId"
          params={{ id: accountId, moduleId: module.id }}
          size="sm"
          variant="light"
          data-testid="order-on-behalf"
        >
          {t('bookings.section.orderOnBehalf')}
        </ButtonLink>
      )}
    />
  );
}
