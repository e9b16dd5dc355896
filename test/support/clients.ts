import { expect } from 'vitest';
import type { StaffLevel } from '../../src/shared/permissions';
import type { TestContext } from './app';
import { TestClient } from './client';
import { buildStaff, TEST_PASSWORD, type TestTenant } from './factories';

/** A client of the tenant's host with this client user logged in (the login must succeed). */
export async function loginClient(t: TestContext, tenant: TestTenant, user: { email: string }) {
  const c = new TestClient(t.app, tenant.host);
  expect((await c.login('client', user.email, TEST_PASSWORD)).status).toBe(200);
  return c;
}

/** A client of the tenant's host with a new staff user of this level logged in. */
export async function loginStaff(t: TestContext, tenant: TestTenant, level: StaffLevel) {
  const user = await buildStaff(t.db, tenant, level);
  const c = new TestClient(t.app, tenant.host);
  expect((await c.login('staff', user.email, TEST_PASSWORD)).status).toBe(200);
  return c;
}
