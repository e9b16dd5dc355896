import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from src/server/db/schema; row-level security, triggers and grants are
// written by hand in custom migrations (drizzle-kit generate --custom).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema/index.ts',
  out: './src/server/db/migrations',
});
