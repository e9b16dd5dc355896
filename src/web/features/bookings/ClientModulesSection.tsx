import { Button, type ButtonProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLink } from '@tanstack/react-router';
import { type AnchorHTMLAttributes, forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { bookingKeys, fetchOwnModules } from './bookings.api';
import { ModulesSection } from './ModulesSection';

const ButtonAnchor = forwardRef<HTMLAnchorElement, ButtonProps & AnchorHTMLAttributes<HTMLAnchorElement>>(
  (props, ref) => <Button component="a" ref={ref} {...props} />,
);
ButtonAnchor.displayName = 'ButtonAnchor';

/** A Mantine Button that navigates with the router. */
export const ButtonLink = createLink(ButtonAnchor);

/** The client's modules on their home page: bookings, and the modules still to order. */
export function ClientModulesSection() {
  const { t } = useTranslation();
  const session = useSession();
  const modules = useQuery({ queryKey: bookingKeys.own, queryFn: ({ signal }) => fetchOwnModules(signal) });
  if (modules.isPending) return <PageLoader />;
  if (modules.isError) return <ErrorBanner error={modules.error} onRetry={() => void modules.refetch()} />;
  return (
    <ModulesSection
      modules={modules.data}
      canOrder={session.abilities['module.order'] === true}
      orderableTitle={t('bookings.section.orderable')}
      cannotOrderHint={t('bookings.section.memberCannotOrder')}
      bookingLink={(booking, label) => (
        <AnchorLink to="/bookings/$id" params={{ id: booking.id }} fw={600} size="sm">
          {label}
        </AnchorLink>
      )}
      orderAction={(module) => (
        <ButtonLink to="/modules/$id/order" params={{ id: module.id }} size="sm" data-testid="order-module">
          {t('bookings.section.order')}
        </ButtonLink>
      )}
    />
  );
}
