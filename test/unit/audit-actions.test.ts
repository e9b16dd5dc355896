import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActions, auditKindOf, auditKinds, historyActions } from '../../src/shared/audit-actions';
import { actions as permissionActions } from '../../src/shared/permissions';

/** Ability names in API answers that look like actions but are never written to the audit log. */
const abilityNames = new Set(['tariff.delete', 'tariff.publish', 'tariff.unpublish']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('audit actions', () => {
  it('every action the server code writes is listed in src/shared/audit-actions.ts (and so worded in the history)', () => {
    const literal =
      /'((?:account|booking|billing|billing_run|cancellation_declaration|catalog|contract|document|invoice_settings|legal_document|module|staff_user|tariff|tariff_item|user)\.[a-z_]+)'/g;
    const found = new Set<string>();
    for (const file of sourceFiles(join(process.cwd(), 'src', 'server')))
      for (const match of readFileSync(file, 'utf8').matchAll(literal)) found.add(match[1] as string);
    const written = [...found].filter(
      (a) => !(permissionActions as string[]).includes(a) && !abilityNames.has(a),
    );
    expect(written.length).toBeGreaterThan(40);
    const listed = new Set<string>(auditActions);
    expect(written.filter((a) => !listed.has(a)).sort()).toEqual([]);
  });
});

describe('kinds of the account history', () => {
  it('every kind groups some actions; preferences and the operator’s own actions are in none', () => {
    for (const kind of auditKinds) expect(historyActions(kind).length, kind).toBeGreaterThan(0);
    const all = historyActions();
    expect(all).not.toContain('user.preferences_changed');
    for (const action of [
      'module.created',
      'tariff.updated',
      'invoice_settings.updated',
      'staff_user.created',
    ])
      expect(all).not.toContain(action);
    expect(all.length).toBe(auditKinds.reduce((n, kind) => n + historyActions(kind).length, 0));
    expect(historyActions('modules')).toEqual(
      expect.arrayContaining(['booking.created', 'booking.tariff_changed']),
    );
    expect(auditActions.filter((a) => auditKindOf[a] === null).length).toBeGreaterThan(10);
  });
});
