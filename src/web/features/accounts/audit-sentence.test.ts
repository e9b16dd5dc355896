import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditActions } from '../../../shared/audit-actions';
import type { AuditEntry } from '../../../shared/schemas';
import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import nl from '../../i18n/nl.json';
import { resources } from '../../test/resources';
import { actionsWithSentences, auditActionKey, auditSentenceKey, describeEntry } from './audit-sentence';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources, lng: 'en', interpolation: { escapeValue: false } });
});
const t = (lng: string) => i18n.getFixedT(lng);

const BASIS = '0c7f4a52-0000-4000-8000-000000000001';
const YEAR = '0c7f4a52-0000-4000-8000-000000000002';
const telefoonservice = { nl: 'Telefoonservice', de: 'Telefonservice', en: 'Telephone service' };

function entry(over: Partial<AuditEntry>): AuditEntry {
  return {
    id: '1',
    at: '2026-11-26T09:00:00.000Z',
    actorType: 'staff',
    actorId: null,
    actorName: 'Mia Manager',
    action: 'booking.created',
    kind: 'modules',
    entityType: 'booking',
    entityId: 'b',
    subject: { kind: 'booking', name: null, title: null, module: telefoonservice, moduleFields: null },
    before: null,
    after: { moduleId: 'm', tariffId: BASIS, startDate: '2026-11-26' },
    names: {
      [BASIS]: { kind: 'tariff', name: null, title: { nl: 'Basis', de: 'Basis', en: 'Basic' } },
      [YEAR]: { kind: 'tariff', name: null, title: { nl: 'Zakelijk jaar', de: 'Geschäftsjahr' } },
    },
    reason: null,
    requestId: null,
    ...over,
  };
}

describe('entries in words with names', () => {
  it('names the module and the tariff of an order, in each language', () => {
    const e = entry({});
    expect(describeEntry(e, t('nl'), 'nl')).toEqual({
      text: 'Module Telefoonservice besteld onder tarief Basis',
      says: ['moduleId', 'tariffId'],
    });
    expect(describeEntry(e, t('de'), 'de').text).toBe('Modul Telefonservice unter Tarif Basis bestellt');
    expect(describeEntry(e, t('en'), 'en').text).toBe('Module Telephone service ordered under tariff Basic');
  });

  it('names both tariffs of a change of tariff, with a fallback language for a missing title', () => {
    const e = entry({
      action: 'booking.tariff_changed',
      before: { tariffId: BASIS },
      after: { tariffId: YEAR, newStarts: '2027-01-01' },
    });
    expect(describeEntry(e, t('de'), 'de').text).toBe(
      'Modul Telefonservice von Tarif Basis auf Geschäftsjahr umgestellt',
    );
    // No English title: the English line falls back to another language's (ADR 0008's rule for titles).
    expect(describeEntry(e, t('en'), 'en').text).toBe(
      'Module Telephone service moved from tariff Basic to Zakelijk jaar',
    );
  });

  it('names options, documents, users and invitations', () => {
    const option = entry({
      action: 'booking.option_booked',
      entityType: 'booking_option',
      subject: {
        kind: 'booking_option',
        name: null,
        title: { nl: 'Weekenddienst', de: 'Wochenenddienst' },
        module: telefoonservice,
        moduleFields: null,
      },
    });
    expect(describeEntry(option, t('nl'), 'nl').text).toBe(
      'Aanvullende optie Weekenddienst geboekt bij module Telefoonservice',
    );
    const invoice = entry({
      action: 'document.correction_issued',
      subject: { kind: 'document', name: 'CN-2026-00002', title: null, module: null, moduleFields: null },
    });
    expect(describeEntry(invoice, t('de'), 'de').text).toBe('Rechnungskorrektur CN-2026-00002 ausgestellt');
    const role = entry({
      action: 'account.user_role_changed',
      subject: { kind: 'client_user', name: 'Piet de Vries', title: null, module: null, moduleFields: null },
    });
    expect(describeEntry(role, t('en'), 'en').text).toBe('Role of Piet de Vries changed');
    const invited = entry({
      action: 'account.user_invited',
      subject: null,
      after: { email: 'anna@x.example' },
    });
    expect(describeEntry(invited, t('nl'), 'nl').text).toBe('anna@x.example uitgenodigd');
  });

  it('says that staff concluded the contract on the client’s behalf', () => {
    const e = entry({
      action: 'account.contract_concluded',
      subject: null,
      after: { concludedOnBehalfByStaff: true },
    });
    expect(describeEntry(e, t('de'), 'de').text).toBe(
      'Vertrag von Mitarbeitenden im Auftrag des Kunden geschlossen',
    );
    expect(describeEntry({ ...e, after: { concludedOnBehalfByStaff: false } }, t('de'), 'de').text).toBe(
      'Vertrag geschlossen',
    );
  });

  it('falls back to the plain wording when a name is missing (a deleted entity)', () => {
    expect(describeEntry(entry({ subject: null }), t('nl'), 'nl')).toEqual({
      text: 'Module besteld',
      says: [],
    });
    expect(describeEntry(entry({ names: {} }), t('de'), 'de')).toEqual({ text: 'Modul bestellt', says: [] });
    expect(describeEntry(entry({ action: 'contract.partner_changed' }), t('en'), 'en').text).toBe(
      'Contract partner changed',
    );
  });
});

describe('every action has words in every language', () => {
  it('nl, de and en name each action of src/shared/audit-actions.ts', () => {
    const missing: string[] = [];
    for (const [lang, texts] of Object.entries({ nl, de, en }))
      for (const action of auditActions) {
        const key = auditActionKey(action).replace(/^audit\.actions\./, '');
        const text = (texts.audit.actions as Record<string, string | undefined>)[key];
        if (!text?.trim()) missing.push(`${lang}: ${action}`);
      }
    expect(missing).toEqual([]);
  });

  it('each sentence with names exists in nl, de and en', () => {
    const missing: string[] = [];
    for (const lang of ['nl', 'de', 'en'])
      for (const action of actionsWithSentences)
        if (!i18n.exists(auditSentenceKey(action), { lng: lang })) missing.push(`${lang}: ${action}`);
    expect(actionsWithSentences.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('keeps dotted actions in one translation key', () => {
    expect(auditActionKey('account.customerNumber.change')).toBe(
      'audit.actions.account_customerNumber_change',
    );
  });
});
