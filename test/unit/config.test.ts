import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/server/clock';
import { ConfigError, loadConfig } from '../../src/server/env';

describe('configuration', () => {
  it('accepts the defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dataDir: './data', databaseUrl: undefined, seedDemo: true });
  });

  it('names every invalid variable', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        KONTOR_TODAY: '26.11.2026',
        SMTP_URL: 'http://mail',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const msg = (error as Error).message;
      for (const v of ['PORT', 'DATABASE_URL', 'KONTOR_TODAY', 'SMTP_URL']) expect(msg).toContain(v);
    }
  });

  it('KONTOR_TODAY freezes the date, or the instant', () => {
    expect(fixedClock('2026-02-28').today('Europe/Berlin')).toBe('2026-02-28');
    const late = fixedClock('2026-02-28T23:30:00Z');
    expect(late.today('Europe/Berlin')).toBe('2026-03-01');
    expect(late.today('UTC')).toBe('2026-02-28');
    expect(late.now().toISOString()).toBe('2026-02-28T23:30:00.000Z');
  });
});
