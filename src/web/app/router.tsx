import {
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  type RouterHistory,
} from '@tanstack/react-router';
import { NotFoundPage } from '../components/NotFoundPage';
import { AccountOverviewPage } from '../features/account-overview/AccountOverviewPage';
import { AccountDetailPage } from '../features/accounts/AccountDetailPage';
import { AccountListPage } from '../features/accounts/AccountListPage';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage';
import { LoginPage } from '../features/auth/LoginPage';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage';
import { OutboxPage } from '../features/outbox/OutboxPage';
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

const routeTree = rootRoute.addChildren([
  clientHomeRoute,
  staffRoute.addChildren([staffAccountsRoute, staffAccountRoute, staffOutboxRoute]),
  forgotPasswordRoute,
  resetPasswordRoute,
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
