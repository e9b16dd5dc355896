import { eq } from 'drizzle-orm';
import type { StaffLevel } from '../../shared/permissions';
import type { Db } from '../db/client';
import { auditLog, staffUsers, tenants } from '../db/schema';
import { hashPassword } from '../features/auth/password';

/** Creates a staff user for an operator (CLI). Recorded in the audit log as a system action. */
export async function createStaffUser(
  db: Db,
  input: { tenantSlug: string; email: string; name: string; level: StaffLevel; password: string },
  now: Date,
): Promise<string> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, input.tenantSlug));
  if (!tenant) throw new Error(`No tenant with slug "${input.tenantSlug}"`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(staffUsers)
      .values({ tenantId: tenant.id, email: input.email, name: input.name, level: input.level, passwordHash })
      .returning();
    if (!user) throw new Error('insert failed');
    await tx.insert(auditLog).values({
      tenantId: tenant.id,
      actorType: 'system',
      action: 'staff_user.created',
      entityType: 'staff_user',
      entityId: user.id,
      after: { email: user.email, name: user.name, level: user.level },
      at: now,
    });
    return user.id;
  });
}
