import { describe, expect, it } from 'vitest';
import { linkBase, type TenantDomain } from './email-links';

const d = (host: string, over: Partial<TenantDomain> = {}): TenantDomain => ({
  host,
  scheme: 'https',
  isPrimary: false,
  ...over,
});

describe('linkBase: where the links in an operator’s e-mails point', () => {
  it('the primary domain with its own scheme, whatever PUBLIC_URL is', () => {
    const domains = [d('b.localhost'), d('Portal.Operator.example', { isPrimary: true, scheme: 'http' })];
    expect(linkBase(domains, 'https://kontor.example:8443/', true)).toBe('http://portal.operator.example');
    expect(linkBase(domains, 'https://kontor.example:8443/', false)).toBe('http://portal.operator.example');
  });

  it('PUBLIC_URL (without trailing slashes) when it leads to the operator', () => {
    expect(linkBase([d('demo.localhost')], 'http://localhost:3000//', true)).toBe('http://localhost:3000');
  });

  it("otherwise the operator's first domain on PUBLIC_URL's scheme and port", () => {
    const domains = [d('zeta.localhost', { scheme: 'https' }), d('Andere.localhost')];
    expect(linkBase(domains, 'http://localhost:3000', false)).toBe('http://andere.localhost:3000');
    expect(linkBase(domains, 'https://portal.example', false)).toBe('https://andere.localhost');
  });

  it('PUBLIC_URL for an operator without any domain', () => {
    expect(linkBase([], 'https://portal.example/', false)).toBe('https://portal.example');
  });
});
