import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  type RouterHistory,
  redirect,
} from '@tanstack/react-router';
import { type AuditKind, isAuditKind } from '../../shared/audit-actions';
import { NotFoundPage } from '../components/NotFoundPage';
import { PageLoader } from '../components/PageLoader';
import { type ContractTab, isContractTab } from '../features/contract/contract-tabs';
import { SessionGate } from './SessionGate';
import { useSession } from './session';

/*
 * Every page is its own chunk, loaded when its route is first shown (docs/ARCHITECTURE.md, "Web
 * bundle"): a client's first page does not load the staff catalog editor. A new page is added here
 * the same way: `lazyRouteComponent(() => import(path), 'ExportName')`.
 */
const ClientContractPage = lazyRouteComponent(
  () => import('../features/contract/ContractPage'),
  'ClientContractPage',
);
const StaffContractPage = lazyRouteComponent(
  () => import('../features/contract/ContractPage'),
  'StaffContractPage',
);
const AccountListPage = lazyRouteComponent(
  () => import('../features/accounts/AccountListPage'),
  'AccountListPage',
);
const AcceptInvitationPage = lazyRouteComponent(
  () => import('../features/account-users/AcceptInvitationPage'),
  'AcceptInvitationPage',
);
const ForgotPasswordPage = lazyRouteComponent(
  () => import('../features/auth/ForgotPasswordPage'),
  'ForgotPasswordPage',
);
const LoginPage = lazyRouteComponent(() => import('../features/auth/LoginPage'), 'LoginPage');
const ResetPasswordPage = lazyRouteComponent(
  () => import('../features/auth/ResetPasswordPage'),
  'ResetPasswordPage',
);
const ClientBookingPage = lazyRouteComponent(
  () => import('../features/bookings/BookingPage'),
  'ClientBookingPage',
);
const StaffBookingPage = lazyRouteComponent(
  () => import('../features/bookings/BookingPage'),
  'StaffBookingPage',
);
const ModuleListPage = lazyRouteComponent(
  () => import('../features/catalog/ModuleListPage'),
  'ModuleListPage',
);
const ModuleNewPage = lazyRouteComponent(() => import('../features/catalog/ModulePage'), 'ModuleNewPage');
const ModulePage = lazyRouteComponent(() => import('../features/catalog/ModulePage'), 'ModulePage');
const TariffNewPage = lazyRouteComponent(() => import('../features/catalog/TariffPage'), 'TariffNewPage');
const TariffPage = lazyRouteComponent(() => import('../features/catalog/TariffPage'), 'TariffPage');
const InvoiceSettingsPage = lazyRouteComponent(
  () => import('../features/invoice-settings/InvoiceSettingsPage'),
  'InvoiceSettingsPage',
);
const LegalDocumentsPage = lazyRouteComponent(
  () => import('../features/legal/LegalDocumentsPage'),
  'LegalDocumentsPage',
);
const OrderPage = lazyRouteComponent(() => import('../features/ordering/OrderPage'), 'OrderPage');
const StaffOrderPage = lazyRouteComponent(
  () => import('../features/ordering/StaffOrderPage'),
  'StaffOrderPage',
);
const OutboxPage = lazyRouteComponent(() => import('../features/outbox/OutboxPage'), 'OutboxPage');
const BillingRunsPage = lazyRouteComponent(
  () => import('../features/billing-run/BillingRunsPage'),
  'BillingRunsPage',
);
const RegisterPage = lazyRouteComponent(
  () => import('../features/registration/RegisterPage'),
  'RegisterPage',
);
const VerifyEmailPage = lazyRouteComponent(
  () => import('../features/registration/VerifyEmailPage'),
  'VerifyEmailPage',
);
const CancelContractsPage = lazyRouteComponent(
  () => import('../features/cancellation-button/CancelContractsPage'),
  'CancelContractsPage',
);
const CancellationReceiptPage = lazyRouteComponent(
  () => import('../features/cancellation-button/CancellationReceiptPage'),
  'CancellationReceiptPage',
);
const IncomingCancellationsPage = lazyRouteComponent(
  () => import('../features/cancellation-button/IncomingCancellationsPage'),
  'IncomingCancellationsPage',
);
const AccessibilityStatementPage = lazyRouteComponent(
  () => import('../features/accessibility/AccessibilityStatementPage'),
  'AccessibilityStatementPage',
);

type Search = Record<string, unknown>;

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const optionalPage = (value: unknown): number | undefined => {
  const page = Number(value);
  return Number.isInteger(page) && page > 1 ? page : undefined;
};

/**
 * The contract page's tab (`?tab=modules`); Contract data when absent or unknown. The History tab
 * also keeps its kind filter (`?tab=history&kind=documents`), so a link reproduces it.
 */
const tabSearch = (search: Search): { tab?: ContractTab; kind?: AuditKind } => {
  const tab = isContractTab(search.tab) && search.tab !== 'contract' ? search.tab : undefined;
  return { tab, kind: tab === 'history' && isAuditKind(search.kind) ? search.kind : undefined };
};

const rootRoute = createRootRoute({
  component: () => (
    <SessionGate>
      <Outlet />
    </SessionGate>
  ),
  notFoundComponent: NotFoundPage,
});

/** `/`: the client login, or the logged-in client's contract management page. */
const clientHomeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  validateSearch: tabSearch,
  component: function ClientHome() {
    const session = useSession();
    const { tab } = clientHomeRoute.useSearch();
    return session.realm === 'client' ? <ClientContractPage tab={tab} /> : <LoginPage realm="client" />;
  },
});

/** `/login`: the address older e-mails link to; the login is at `/`. */
const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  beforeLoad: () => {
    throw redirect({ to: '/' });
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

/** An account's contract management page, opened from the account list. */
const staffAccountRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'accounts/$id',
  validateSearch: tabSearch,
  component: function StaffAccount() {
    const { id } = staffAccountRoute.useParams();
    const { tab, kind } = staffAccountRoute.useSearch();
    return <StaffContractPage key={id} id={id} tab={tab} kind={kind} />;
  },
});

const staffOutboxRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'outbox',
  component: OutboxPage,
});

const staffBillingRunsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'billing-runs',
  component: BillingRunsPage,
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
  // The e-mail's link names the realm, so the page leads back to the right login and form.
  validateSearch: (search: Search): { token?: string; realm?: 'staff' | 'client' } => ({
    token: optionalString(search.token),
    realm: search.realm === 'staff' || search.realm === 'client' ? search.realm : undefined,
  }),
  component: function ResetPassword() {
    const { token, realm } = resetPasswordRoute.useSearch();
    return <ResetPasswordPage token={token} realm={realm ?? 'client'} />;
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

/** `/accessibility`: the accessibility statement (public, linked from every page's footer). */
const accessibilityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'accessibility',
  component: AccessibilityStatementPage,
});

/** `/cancel-contracts`: the cancellation button (§312k BGB), no login; linked from every page's footer. */
const cancelContractsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'cancel-contracts',
  component: CancelContractsPage,
});

/** `/cancel-contracts/receipt`: the receipt of the declaration just made in this tab. */
const cancellationReceiptRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'cancel-contracts/receipt',
  component: CancellationReceiptPage,
});

const staffCancellationsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'cancellations',
  component: IncomingCancellationsPage,
});

const routeTree = rootRoute.addChildren([
  clientHomeRoute,
  loginRoute,
  staffRoute.addChildren([
    staffAccountsRoute,
    staffAccountRoute,
    staffOutboxRoute,
    staffBillingRunsRoute,
    staffModulesRoute,
    staffModuleNewRoute,
    staffModuleRoute,
    staffTariffNewRoute,
    staffTariffRoute,
    staffInvoiceSettingsRoute,
    staffLegalRoute,
    staffCancellationsRoute,
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
  accessibilityRoute,
  cancelContractsRoute,
  cancellationReceiptRoute,
]);

/** The app's router; tests pass a memory history. */
export function createAppRouter(options: { history?: RouterHistory } = {}) {
  return createRouter({
    routeTree,
    defaultPreload: false,
    scrollRestoration: true,
    // Shown while a page's chunk loads (each page is loaded lazily, see above).
    defaultPendingComponent: PageLoader,
    ...options,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
