import { customType, foreignKey, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { documents } from './billing';
import { tenants } from './tenants';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * The rendered PDF of an issued document: rendered once from the frozen document data and stored
 * with its SHA-256; these bytes are what is served, forever. Append-only like the audit log.
 */
export const documentFiles = pgTable(
  'document_files',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    documentId: uuid('document_id').notNull(),
    pdf: bytea('pdf').notNull(),
    /** Hex SHA-256 of `pdf` (the download's ETag). */
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.documentId] }),
    foreignKey({ columns: [t.tenantId, t.documentId], foreignColumns: [documents.tenantId, documents.id] }),
  ],
);
