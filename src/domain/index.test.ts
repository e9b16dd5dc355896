import { describe, expect, it } from 'vitest';
import * as domain from './index';

describe('public API', () => {
  it.each([
    'DomainError',
    'addDays',
    'addMonths',
    'subtractMonthsPreservingMonthEnd',
    'daysInMonth',
    'isLastDayOfMonth',
    'compareDates',
    'terminationPresets',
    'validateTerminationRule',
    'termEnds',
    'termEnd',
    'lastDayToCancel',
    'earliestEnd',
    'checkChosenEnd',
    'tariffSwitchDates',
    'currencyExponent',
    'parseUnitPrice',
    'addMoney',
    'subtractMoney',
    'allocate',
    'formatMoney',
    'computeCharges',
    'computeCorrections',
    'computeTotals',
    'vatLegends',
    'formatDocumentNumber',
    'validateNumberPattern',
  ])('exports %s', (name) => {
    expect(domain).toHaveProperty(name);
  });

  it('errors are DomainErrors with a code, a message and details', () => {
    try {
      domain.addDays('2024-02-30', 1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(domain.DomainError);
      expect(e).toBeInstanceOf(Error);
      expect(e).toMatchObject({
        name: 'DomainError',
        code: 'invalid_date',
        message: 'date must be a calendar date YYYY-MM-DD, got 2024-02-30',
        details: { field: 'date', value: '2024-02-30' },
      });
      expect(domain.isDomainError(e)).toBe(true);
    }
  });
});
