import {
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  type RouterHistory,
} from '@tanstack/react-router';
import { NotFoundPage } from '../components/NotFoundPage';
import { AccountOverviewPage } from '../features/account-overview/AccountOverviewPage';
import { AcceptInvitationPage } from '../features/account-users/AcceptInvitationPage';
import { AccountDetailPage } from '../features/accounts/AccountDetailPage';
import { AccountListPage } from '../features/accounts/AccountListPage';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage';
import { LoginPage } from '../features/auth/LoginPage';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage';
import { ClientBookingPage, StaffBookingPage } from '../features/bookings/BookingPage';
import { ModuleListPage } from '../features/catalog/ModuleListPage';
import { ModuleNewPage, ModulePage } from '../features/catalog/ModulePage';
import { TariffNewPage, TariffPage } from '../features/catalog/TariffPage';
import { InvoiceSettingsPage } from '../features/invoice-settings/InvoiceSettingsPage';
import { LegalDocumentsPage } from '../features/legal/LegalDocumentsPage';
import { OrderPage } from '../features/ordering/OrderPage';
import { StaffOrderPage } from '../features/ordering/StaffOrderPage';
import { OutboxPage } from '../features/outbox/OutboxPage';
import { RegisterPage } from '../features/registration/RegisterPage';
import { VerifyEmailPage } from '../features/registration/VerifyEmailPage';
import { SessionGate } from './SessionGate';
import { useSession } from './session';

type Search = Record<string, unknown>;

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const optionalPage = (value: unknown): number | undefined => {
  const page = Number(value);
  return Number.isInteger(page) && page > 1 ? page : undefined;
};

const rootRoute = createRootRoute({
  component: () => (
    <SessionGate>
      <Outlet />
    </SessionGate>
  ),
  notFoundComponent: NotFoundPage,
});

/** `/`: the client login, or the logged-in client's own account. */
const clientHomeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  component: function ClientHome() {
    const session = useSession();
    return session.realm === 'client' ? <AccountOverviewPage /> : <LoginPage realm="client" />;
  },
});

/** `/staff/*`: every staff page shows the staff login until a staff user is logged in. */
const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'staff',
  component: function StaffArea() {
    const session = useSession();
    return session.realm === 'staff' ? <Outlet /> : <LoginPage realm="staff" />;
  },
});

const staffAccountsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/',
  validateSearch: (search: Search): { q?: string; page?: number } => ({
    q: optionalString(search.q),
    page: optionalPage(search.page),
  }),
  component: function StaffAccounts() {
    const { q, page } = staffAccountsRoute.useSearch();
    return <AccountListPage q={q ?? ''} page={page ?? 1} />;
  },
});

const staffAccountRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'accounts/$id',
  component: function StaffAccount() {
    const { id } = staffAccountRoute.useParams();
    return <AccountDetailPage key={id} id={id} />;
  },
});

const staffOutboxRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'outbox',
  component: OutboxPage,
});

const staffModulesRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'catalog',
  component: ModuleListPage,
});

const staffModuleNewRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'catalog/modules/new',
  component: ModuleNewPage,
});

const staffModuleRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'catalog/modules/$id',
  component: function StaffModule() {
    const { id } = staffModuleRoute.useParams();
    return <ModulePage key={id} id={id} />;
  },
});

const staffTariffNewRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'catalog/modules/$id/tariffs/new',
  component: function StaffTariffNew() {
    const { id } = staffTariffNewRoute.useParams();
    return <TariffNewPage key={id} moduleId={id} />;
  },
});

const staffTariffRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'catalog/tariffs/$id',
  component: function StaffTariff() {
    const { id } = staffTariffRoute.useParams();
    return <TariffPage key={id} id={id} />;
  },
});

const staffInvoiceSettingsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'invoice-settings',
  component: InvoiceSettingsPage,
});

const staffLegalRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'legal',
  component: LegalDocumentsPage,
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'forgot-password',
  validateSearch: (search: Search): { realm?: 'staff' | 'client' } => ({
    realm: search.realm === 'staff' || search.realm === 'client' ? search.realm : undefined,
  }),
  component: function ForgotPassword() {
    const { realm } = forgotPasswordRoute.useSearch();
    return <ForgotPasswordPage realm={realm ?? 'client'} />;
  },
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'reset-password',
  validateSearch: (search: Search): { token?: string } => ({ token: optionalString(search.token) }),
  component: function ResetPassword() {
    const { token } = resetPasswordRoute.useSearch();
    return <ResetPasswordPage token={token} />;
  },
});

/** `/register`: a free client account. */
const registerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'register',
  component: RegisterPage,
});

/** `/invitation?token=`: the link from an invitation e-mail. */
const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'invitation',
  validateSearch: (search: Search): { token?: string } => ({ token: optionalString(search.token) }),
  component: function Invitation() {
    const { token } = invitationRoute.useSearch();
    return <AcceptInvitationPage token={token} />;
  },
});

/** `/verify-email?token=`: the link from the confirmation e-mail. */
const verifyEmailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'verify-email',
  validateSearch: (search: Search): { token?: string } => ({ token: optionalString(search.token) }),
  component: function VerifyEmail() {
    const { token } = verifyEmailRoute.useSearch();
    return <VerifyEmailPage token={token} />;
  },
});

/** `/modules/$id/order?offerNumber=`: a module's order page (client login first). */
const orderRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'modules/$id/order',
  validateSearch: (search: Search): { offerNumber?: string } => ({
    offerNumber: optionalString(search.offerNumber),
  }),
  component: function Order() {
    const session = useSession();
    const { id } = orderRoute.useParams();
    const { offerNumber } = orderRoute.useSearch();
    if (session.realm !== 'client') return <LoginPage realm="client" />;
    return <OrderPage key={id} moduleId={id} offerNumber={offerNumber} />;
  },
});

/** `/bookings/$id`: one of the client's bookings with its module data. */
const clientBookingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'bookings/$id',
  component: function ClientBooking() {
    const session = useSession();
    const { id } = clientBookingRoute.useParams();
    if (session.realm !== 'client') return <LoginPage realm="client" />;
    return <ClientBookingPage key={id} id={id} />;
  },
});

const staffBookingRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'accounts/$id/bookings/$bookingId',
  component: function StaffBooking() {
    const { id, bookingId } = staffBookingRoute.useParams();
    return <StaffBookingPage key={bookingId} accountId={id} id={bookingId} />;
  },
});

const staffOrderRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'accounts/$id/order/$moduleId',
  component: function StaffOrder() {
    const { id, moduleId } = staffOrderRoute.useParams();
    return <StaffOrderPage key={`${id}/${moduleId}`} accountId={id} moduleId={moduleId} />;
  },
});

const routeTree = rootRoute.addChildren([
  clientHomeRoute,
  staffRoute.addChildren([
    staffAccountsRoute,
    staffAccountRoute,
    staffOutboxRoute,
    staffModulesRoute,
    staffModuleNewRoute,
    staffModuleRoute,
    staffTariffNewRoute,
    staffTariffRoute,
    staffInvoiceSettingsRoute,
    staffLegalRoute,
    staffBookingRoute,
    staffOrderRoute,
  ]),
  forgotPasswordRoute,
  resetPasswordRoute,
  registerRoute,
  verifyEmailRoute,
  invitationRoute,
  orderRoute,
  clientBookingRoute,
]);

/** The app's router; tests pass a memory history. */
export function createAppRouter(options: { history?: RouterHistory } = {}) {
  return createRouter({ routeTree, defaultPreload: false, scrollRestoration: true, ...options });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
