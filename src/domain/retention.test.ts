import { describe, expect, it } from 'vitest';
import { endOfRetention, retentionDates } from './retention';

describe('retention of a closed account', () => {
  it.each([
    ['2026-01-01', 8, '2034-12-31'],
    ['2026-12-31', 8, '2034-12-31'],
    ['2024-02-29', 3, '2027-12-31'],
  ])('a record of %s kept %i years ends on %s', (date, years, until) => {
    expect(endOfRetention(date, years)).toBe(until);
  });

  it('keeps documents 8 years from the end of the latest issue year', () => {
    expect(retentionDates({ latestDocumentDate: '2026-03-15', closedOn: '2026-12-01' })).toEqual({
      documentsUntil: '2034-12-31',
      recordsUntil: '2034-12-31',
    });
  });

  it('without documents keeps the contract records for the limitation period only', () => {
    expect(retentionDates({ latestDocumentDate: null, closedOn: '2026-12-01' })).toEqual({
      documentsUntil: null,
      recordsUntil: '2029-12-31',
    });
  });

  it('never keeps the records shorter than an old document would need', () => {
    // A document of 2019 is kept until 2027; records of a closing in 2026 until 2029.
    expect(retentionDates({ latestDocumentDate: '2019-06-30', closedOn: '2026-12-01' })).toEqual({
      documentsUntil: '2027-12-31',
      recordsUntil: '2029-12-31',
    });
  });
});
