import { describe, expect, it } from 'vitest';
import { pageTitle } from './page-title';

describe('pageTitle', () => {
  it('names the page first, then the portal', () => {
    expect(pageTitle('Inloggen', 'Demo Telefoonservice')).toBe('Inloggen – Demo Telefoonservice');
  });
  it('is the portal name alone while a page has no title yet', () => {
    expect(pageTitle(undefined, 'Demo Telefoonservice')).toBe('Demo Telefoonservice');
  });
});
