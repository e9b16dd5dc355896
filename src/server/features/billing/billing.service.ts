import { randomUUID } from 'node:crypto';
import {
  addDays,
  type Charge,
  computeTotals,
  formatDocumentNumber,
  isDomainError,
  numberSequenceScope,
  vatLegend,
} from '../../../domain';
import type { Actor } from '../../../shared/permissions';
import type {
  BillingDataDto,
  ChargeDto,
  DocumentData,
  DocumentLineData,
  PriceChangeDto,
} from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database, Tx } from '../../db/client';
import type { DocumentSeries } from '../../db/schema';
import { HttpProblem, problems } from '../../problem';
import { accountsRepository } from '../accounts/accounts.repository';
import { recordAudit } from '../audit/audit.repository';
import {
  accountCharges,
  type IssuedLine,
  type PendingCorrection,
  pendingCorrections,
  textIn,
  trimDecimal,
} from './billing.charges';
import { presentDocument } from './billing.presenter';
import { type AccountBillingState, type DocumentRow, billingRepository as repo } from './billing.repository';

type Language = 'nl' | 'de' | 'en';

export type BillingDeps = {
  /** Called in the issuing transaction with the ids of the documents just issued (e.g. to enqueue rendering). */
  onIssued?: (tx: Tx, documentIds: string[]) => Promise<void>;
};

/** What the batch issue returns per account: the ids of its documents, or why it issued nothing. */
export type BatchIssueResults = Map<string, { documentIds: string[] } | { error: unknown }>;

export type BatchIssueDeps = BillingDeps & {
  /**
   * Called in the issuing transaction once every account's outcome is known and before the
   * batch's numbers are taken (the billing run writes its item states here; rendering is
   * enqueued here too): the counter rows' locks are then held only while the documents are written.
   */
  beforeNumbers?: (tx: Tx, results: BatchIssueResults) => Promise<void>;
};

export const billingProblems = {
  futureDate: () =>
    problems.badRequest('future_date', 'Charges can be issued only up to today', [
      { field: 'until', message: 'Choose today or an earlier date', code: 'future_date' },
    ]),
  noInvoiceSettings: () =>
    new HttpProblem(409, 'no_invoice_settings', 'Save the invoice settings (issuer and payment terms) first'),
  nothingDue: () => new HttpProblem(409, 'nothing_due', 'Nothing is due to be issued up to this date'),
  noRecipient: () =>
    new HttpProblem(
      409,
      'no_recipient',
      'The account has neither a billing address nor a contract partner to address the document to',
    ),
  billingDataInvalid: (detail: string) =>
    new HttpProblem(409, 'billing_data_invalid', 'The charges of this account cannot be computed', {
      detail,
    }),
};

/** Horizon of the future charges shown beside the due ones: the end of the month two months on. */
function futureHorizon(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + 3;
  const first = `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
  return addDays(first, -1);
}

/** By due date; charges of one day keep the order of their tariff's items. */
const byDueDate = (a: { dueDate: string }, b: { dueDate: string }) =>
  a.dueDate === b.dueDate ? 0 : a.dueDate < b.dueDate ? -1 : 1;

function lineKind(c: Charge): DocumentLineData['kind'] {
  return c.kind === 'minimum_turnover_topup' ? 'minimum_turnover' : (c.itemKey ?? 'manual');
}

function prorationText(p: { days: number; ofDays: number } | null): string | null {
  return p && p.days !== p.ofDays ? `${p.days}/${p.ofDays}` : null;
}

function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw problems.unauthorized();
  return ctx.actor;
}

type Loaded = {
  tenant: NonNullable<Awaited<ReturnType<typeof repo.tenant>>>;
  account: NonNullable<Awaited<ReturnType<typeof repo.lockAccount>>>;
  settings: Awaited<ReturnType<typeof repo.invoiceSettings>>;
  language: Language;
  state: AccountBillingState;
  issued: IssuedLine[];
};

/** The issuing core: everything that runs inside a caller's transaction. */
function billingCore(deps: BatchIssueDeps) {
  async function load(tx: Tx, ctx: RequestContext, accountId: string, lock: boolean): Promise<Loaded> {
    const account = lock
      ? await repo.lockAccount(tx, ctx.tenantId, accountId)
      : await findAccount(tx, ctx, accountId);
    if (!account) throw problems.notFound('Account');
    const tenant = await repo.tenant(tx, ctx.tenantId);
    if (!tenant) throw problems.notFound('Account');
    const settings = await repo.invoiceSettings(tx, ctx.tenantId);
    const language = (account.documentLocale ??
      (await repo.ownerLocale(tx, ctx.tenantId, accountId)) ??
      tenant.defaultLocale) as Language;
    const state = await repo.accountState(tx, ctx.tenantId, accountId);
    const issued = (await repo.accountLines(tx, ctx.tenantId, accountId)).map((r) => ({
      line: r.line,
      documentNumber: r.documentNumber,
      documentDate: r.documentDate,
    }));
    return {
      tenant,
      account,
      settings,
      language: ['nl', 'de', 'en'].includes(language) ? language : 'nl',
      state,
      issued,
    };
  }

  async function findAccount(tx: Tx, ctx: RequestContext, accountId: string) {
    return accountsRepository.find(tx, ctx.tenantId, accountId);
  }

  function compute(l: Loaded, until: string) {
    try {
      const charges = accountCharges(l.state, {
        currency: l.tenant.currency,
        until,
        language: l.language,
        timeZone: l.tenant.timeZone,
      });
      const corrections = pendingCorrections(l.state, l.issued, charges);
      return { charges, corrections };
    } catch (error) {
      if (isDomainError(error)) throw billingProblems.billingDataInvalid(error.message);
      throw error;
    }
  }

  function recipientOf(l: Loaded): DocumentData['recipient'] {
    const a = l.account;
    const email = a.invoiceRecipients[0] ?? a.contractPartner?.email ?? a.email;
    if (a.billingAddress) return { ...a.billingAddress, email };
    const p = a.contractPartner;
    if (!p) throw billingProblems.noRecipient();
    return {
      company: p.company,
      name: p.name,
      street: p.street,
      postalCode: p.postalCode,
      city: p.city,
      country: p.country,
      email,
    };
  }

  type PlannedDocument = {
    kind: 'invoice' | 'correction';
    billedUntil: string | null;
    lines: { charge: Charge; net: number; correctsChargeKey: string | null; key: string }[];
    corrects: DocumentRow | null;
    reason?: string | null;
  };

  /** The series, pattern and scope a document of this account takes its number from. */
  function numberingOf(ctx: RequestContext, l: Loaded, kind: PlannedDocument['kind']) {
    const settings = l.settings;
    if (!settings) throw billingProblems.noInvoiceSettings();
    const series: DocumentSeries = l.account.isTestAccount ? 'test' : kind;
    const pattern = settings.numberPatterns[series];
    return { series, pattern, scope: numberSequenceScope(pattern, ctx.today) };
  }

  /** The line rows of a document (they do not depend on its number). */
  function lineRowsOf(ctx: RequestContext, l: Loaded, doc: PlannedDocument, id: string) {
    const standard = l.account.vatTreatment === 'standard';
    return doc.lines.map((x, i) => ({
      tenantId: ctx.tenantId,
      documentId: id,
      accountId: l.account.id,
      position: i + 1,
      chargeKey: x.key,
      kind: lineKind(x.charge),
      bookingId: x.charge.source.bookingId || null,
      periodFrom: x.charge.servicePeriod.from,
      periodTo: x.charge.servicePeriod.to,
      dueDate: x.charge.dueDate,
      vatRate: standard ? x.charge.vatRate : '0',
      netMinor: x.net,
      correctsChargeKey: x.correctsChargeKey,
      correctsDocumentId: x.correctsChargeKey ? (doc.corrects?.id ?? null) : null,
      charge: x.charge,
    }));
  }

  /**
   * The rows of one issued document — frozen data and audit entry — for its number (its lines:
   * lineRowsOf). Pure: the caller allocates the number and writes the rows.
   */
  function buildDocument(ctx: RequestContext, l: Loaded, doc: PlannedDocument, sequence: number, id: string) {
    const settings = l.settings;
    if (!settings) throw billingProblems.noInvoiceSettings();
    const a = l.account;
    const issueDate = ctx.today;
    const { series, pattern, scope } = numberingOf(ctx, l, doc.kind);
    const recipient = recipientOf(l);
    const number = formatDocumentNumber(pattern, { issueDate, seq: sequence });
    const treatment = a.vatTreatment;
    const lines: DocumentLineData[] = doc.lines.map((x, i) => ({
      position: i + 1,
      title: x.charge.title,
      kind: lineKind(x.charge),
      periodFrom: x.charge.servicePeriod.from,
      periodTo: x.charge.servicePeriod.to,
      quantity: x.charge.quantity,
      unit: x.charge.unit,
      unitPrice: x.charge.unitPrice,
      proration: prorationText(x.charge.proration),
      vatRate: treatment === 'standard' ? x.charge.vatRate : '0',
      net: x.net,
      chargeKey: x.key,
    }));
    const totals = computeTotals(
      lines.map((x) => ({ amount: { amountMinor: x.net, currency: l.tenant.currency }, vatRate: x.vatRate })),
      treatment,
      { currency: l.tenant.currency },
    );
    const terms = a.paymentTerms ?? settings.paymentTerms;
    const dates = lines.flatMap((x) => [x.periodFrom, x.periodTo]).sort();
    const data: DocumentData = {
      kind: doc.kind,
      number,
      issueDate,
      language: l.language,
      currency: l.tenant.currency,
      isTest: a.isTestAccount,
      issuer: { ...settings.issuer, email: null, phone: null },
      recipient,
      customerNumber: a.customerNumber,
      purchaseOrderNumber: a.purchaseOrderNumber,
      vatTreatment: treatment,
      recipientVatId: a.vatId,
      vatLegend: vatLegend(treatment, l.language),
      paymentTerms: {
        dueDays: terms.dueDays,
        dueDate: addDays(issueDate, terms.dueDays),
        discountPercent: terms.discountPercent,
        discountDays: terms.discountDays,
        discountUntil: terms.discountDays === null ? null : addDays(issueDate, terms.discountDays),
        text: textIn(terms.text, l.language) || null,
      },
      periodFrom: dates[0] ?? null,
      periodTo: dates.at(-1) ?? null,
      corrects: doc.corrects ? { number: doc.corrects.number, issueDate: doc.corrects.issueDate } : null,
      lines,
      totals: {
        perRate: totals.perRate.map((r) => ({
          vatRate: r.vatRate,
          net: r.net.amountMinor,
          vat: r.vat.amountMinor,
          gross: r.gross.amountMinor,
        })),
        net: totals.net.amountMinor,
        vat: totals.vat.amountMinor,
        gross: totals.gross.amountMinor,
      },
    };
    const document = {
      id,
      tenantId: ctx.tenantId,
      accountId: a.id,
      kind: doc.kind,
      series,
      number,
      sequence,
      scope,
      issueDate,
      billedUntil: doc.billedUntil,
      currency: l.tenant.currency,
      netMinor: totals.net.amountMinor,
      vatMinor: totals.vat.amountMinor,
      grossMinor: totals.gross.amountMinor,
      isTest: a.isTestAccount,
      correctsDocumentId: doc.corrects?.id ?? null,
      data,
      reason: doc.reason ?? null,
      issuedByType: ctx.actor?.realm === 'staff' ? ('staff' as const) : ('system' as const),
      issuedById: ctx.actor?.realm === 'staff' ? ctx.actor.userId : null,
      createdAt: ctx.now,
    };
    const audit = {
      tenantId: ctx.tenantId,
      actorType: ctx.actor?.realm ?? ('system' as const),
      actorId: ctx.actor?.userId ?? null,
      action: doc.kind === 'invoice' ? 'document.invoice_issued' : 'document.correction_issued',
      entityType: 'document',
      entityId: id,
      accountId: a.id,
      before: null,
      after: { number, issueDate, gross: document.grossMinor, currency: document.currency },
      reason: doc.reason ?? null,
      requestId: ctx.requestId,
      at: ctx.now,
    };
    return { document, audit };
  }

  /** Issues one document: number from its series, frozen data, lines with their charge keys. */
  async function issueDocument(
    tx: Tx,
    ctx: RequestContext,
    l: Loaded,
    doc: PlannedDocument,
  ): Promise<DocumentRow> {
    const { series, scope } = numberingOf(ctx, l, doc.kind);
    recipientOf(l);
    const sequence = await repo.nextSequence(tx, ctx.tenantId, series, scope);
    const built = buildDocument(ctx, l, doc, sequence, randomUUID());
    const created = await repo.insertDocument(tx, built.document);
    await repo.insertLines(tx, lineRowsOf(ctx, l, doc, built.document.id));
    await recordAudit(tx, ctx, {
      action: built.audit.action,
      entityType: 'document',
      entityId: created.id,
      accountId: l.account.id,
      after: built.audit.after,
      reason: doc.reason ?? null,
    });
    return created;
  }

  /** The corrected invoices' ids of pending corrections. */
  function correctedInvoiceIds(corrections: PendingCorrection[]): string[] {
    return [...new Set(corrections.map((k) => k.corrects.invoiceId))];
  }

  /** One correction document per corrected invoice, planned from the pending corrections. */
  function planCorrections(
    corrections: PendingCorrection[],
    originals: DocumentRow[],
    reason: string | null,
  ): PlannedDocument[] {
    const byInvoice = new Map<string, PendingCorrection[]>();
    for (const k of corrections) {
      const list = byInvoice.get(k.corrects.invoiceId) ?? [];
      list.push(k);
      byInvoice.set(k.corrects.invoiceId, list);
    }
    const out: PlannedDocument[] = [];
    for (const [invoiceId, list] of byInvoice) {
      const original = originals.find((d) => d.id === invoiceId);
      if (!original) throw new Error(`corrected invoice ${invoiceId} not found`);
      out.push({
        kind: 'correction',
        billedUntil: null,
        corrects: original,
        reason,
        lines: list.map((k) => ({
          key: k.key,
          net: k.amount.amountMinor,
          correctsChargeKey: k.corrects.chargeKey,
          charge: {
            key: k.key,
            kind: 'charge',
            title: k.title,
            itemKey: k.itemKey ?? (k.corrects.chargeKey.includes('|minimum_turnover|') ? null : 'manual'),
            billingMode: k.billingMode,
            servicePeriod: k.servicePeriod,
            dueDate: k.servicePeriod.from,
            quantity: k.quantity,
            unit: k.unit,
            unitPrice: k.unitPrice,
            proration: k.proration,
            amount: k.amount,
            vatRate: k.vatRate,
            source: k.source,
            ...(k.itemKey === null && k.corrects.chargeKey.includes('|minimum_turnover|')
              ? { kind: 'minimum_turnover_topup' as const }
              : {}),
          },
        })),
      });
    }
    return out;
  }

  /** One correction document per corrected invoice. */
  async function issueCorrectionDocuments(
    tx: Tx,
    ctx: RequestContext,
    l: Loaded,
    corrections: PendingCorrection[],
    reason: string | null = null,
  ): Promise<DocumentRow[]> {
    const originals = await repo.documentsByIds(tx, ctx.tenantId, correctedInvoiceIds(corrections));
    const out: DocumentRow[] = [];
    for (const doc of planCorrections(corrections, originals, reason))
      out.push(await issueDocument(tx, ctx, l, doc));
    return out;
  }

  /** The invoice of the charges due up to `until` that no document holds yet (null: none). */
  function planInvoice(l: Loaded, charges: Charge[], until: string): PlannedDocument | null {
    const taken = new Set(l.issued.map((x) => x.line.chargeKey));
    const due = charges.filter((c) => !taken.has(c.key) && c.dueDate <= until).sort(byDueDate);
    if (due.length === 0) return null;
    return {
      kind: 'invoice',
      billedUntil: until,
      corrects: null,
      lines: due.map((c) => ({ charge: c, net: c.amount.amountMinor, correctsChargeKey: null, key: c.key })),
    };
  }

  /**
   * issueInvoiceForAccount for many accounts in one transaction, with a fixed number of statements
   * for the whole batch: the accounts locked (id order), their state and issued lines loaded in
   * bulk, the documents computed in memory, each series' numbers reserved as one consecutive range
   * (series in a fixed order, so concurrent batches do not deadlock), then documents, lines, audit
   * entries and render jobs written by multi-row INSERTs. An account whose documents cannot be
   * built (no recipient, charges that cannot be computed) is returned with its error and issues
   * nothing; the others are issued. A database error fails the whole batch (the caller retries
   * account by account).
   */
  async function issueInvoicesForAccounts(
    tx: Tx,
    ctx: RequestContext,
    input: { accountIds: string[]; until: string },
  ): Promise<BatchIssueResults> {
    if (input.until > ctx.today) throw billingProblems.futureDate();
    const tenant = await repo.tenant(tx, ctx.tenantId);
    if (!tenant) throw problems.notFound('Account');
    const settings = await repo.invoiceSettings(tx, ctx.tenantId);
    if (!settings) throw billingProblems.noInvoiceSettings();
    const accounts = await repo.lockAccounts(tx, ctx.tenantId, input.accountIds);
    const ids = accounts.map((a) => a.id);
    const locales = await repo.ownerLocales(tx, ctx.tenantId, ids);
    const states = await repo.accountStates(tx, ctx.tenantId, ids);
    const issuedLines = await repo.accountsLines(tx, ctx.tenantId, ids);
    const results = new Map<string, { documentIds: string[] } | { error: unknown }>();
    for (const id of input.accountIds)
      if (!ids.includes(id)) results.set(id, { error: problems.notFound('Account') });

    type Planned = { l: Loaded; docs: PlannedDocument[]; corrections: PendingCorrection[] };
    const planned: Planned[] = [];
    for (const account of accounts) {
      const language = (account.documentLocale ??
        locales.get(account.id) ??
        tenant.defaultLocale) as Language;
      const l: Loaded = {
        tenant,
        account,
        settings,
        language: ['nl', 'de', 'en'].includes(language) ? language : 'nl',
        state: states.get(account.id) as AccountBillingState,
        issued: (issuedLines.get(account.id) ?? []).map((r) => ({
          line: r.line,
          documentNumber: r.documentNumber,
          documentDate: r.documentDate,
        })),
      };
      try {
        const { charges, corrections } = compute(l, input.until);
        const invoice = planInvoice(l, charges, input.until);
        planned.push({ l, docs: invoice ? [invoice] : [], corrections });
      } catch (error) {
        results.set(account.id, { error });
      }
    }
    // Corrections need their invoices (one query for the batch).
    const originals = await repo.documentsByIds(tx, ctx.tenantId, [
      ...new Set(planned.flatMap((p) => correctedInvoiceIds(p.corrections))),
    ]);
    const ready: Planned[] = [];
    for (const p of planned) {
      try {
        if (p.corrections.length) p.docs.push(...planCorrections(p.corrections, originals, null));
        if (p.docs.length) recipientOf(p.l);
        ready.push(p);
      } catch (error) {
        results.set(p.l.account.id, { error });
      }
    }
    // Every outcome is known now: ids are given before numbers, so what only needs the ids (the
    // caller's item states, render jobs) is written before the counters are locked.
    const wanted = new Map<string, { series: DocumentSeries; scope: string; count: number; next: number }>();
    const toBuild: { p: Planned; d: PlannedDocument; id: string; key: string }[] = [];
    const allIds: string[] = [];
    for (const p of ready) {
      const documentIds: string[] = [];
      for (const d of p.docs) {
        const { series, scope } = numberingOf(ctx, p.l, d.kind);
        const key = `${series}|${scope}`;
        const w = wanted.get(key) ?? { series, scope, count: 0, next: 0 };
        w.count += 1;
        wanted.set(key, w);
        const id = randomUUID();
        toBuild.push({ p, d, id, key });
        documentIds.push(id);
      }
      allIds.push(...documentIds);
      results.set(p.l.account.id, { documentIds });
    }
    if (deps.beforeNumbers) await deps.beforeNumbers(tx, results);
    if (allIds.length > 0 && deps.onIssued) await deps.onIssued(tx, allIds);
    if (toBuild.length === 0) return results;
    // The lines, the bulk of what a batch writes, need no number: written now, their documents'
    // key checked at commit.
    await repo.deferLineDocumentCheck(tx);
    await repo.insertIssued(tx, { lines: toBuild.flatMap(({ p, d, id }) => lineRowsOf(ctx, p.l, d, id)) });
    // Numbers: one consecutive range per series and scope, in issuing order, series in a fixed
    // order (concurrent batches cannot deadlock). From here to commit the counter rows are locked.
    for (const key of [...wanted.keys()].sort()) {
      const w = wanted.get(key)!;
      w.next = await repo.allocateSequences(tx, ctx.tenantId, w.series, w.scope, w.count);
    }
    const documents: NonNullable<Parameters<typeof repo.insertIssued>[1]['documents']> = [];
    const audit: NonNullable<Parameters<typeof repo.insertIssued>[1]['audit']> = [];
    for (const { p, d, id, key } of toBuild) {
      const w = wanted.get(key)!;
      const built = buildDocument(ctx, p.l, d, w.next++, id);
      documents.push(built.document);
      audit.push(built.audit);
    }
    await repo.insertIssued(tx, { documents, audit });
    return results;
  }

  /**
   * Issues the account's invoice for every charge due up to `until` that no document holds yet,
   * and the pending corrections, in the caller's transaction. Returns the documents issued;
   * [] when nothing is due (so a second call for the same date issues nothing new).
   * Refuses a date after today and a tenant without invoice settings.
   */
  async function issueInvoiceForAccount(
    tx: Tx,
    ctx: RequestContext,
    input: { accountId: string; until: string },
  ): Promise<DocumentRow[]> {
    if (input.until > ctx.today) throw billingProblems.futureDate();
    const l = await load(tx, ctx, input.accountId, true);
    if (!l.settings) throw billingProblems.noInvoiceSettings();
    const { charges, corrections } = compute(l, input.until);
    const invoice = planInvoice(l, charges, input.until);
    const issued: DocumentRow[] = [];
    if (invoice) issued.push(await issueDocument(tx, ctx, l, invoice));
    if (corrections.length > 0) issued.push(...(await issueCorrectionDocuments(tx, ctx, l, corrections)));
    if (issued.length > 0 && deps.onIssued)
      await deps.onIssued(
        tx,
        issued.map((d) => d.id),
      );
    return issued;
  }

  async function presentIssued(tx: Tx, ctx: RequestContext, actor: Actor, rows: DocumentRow[]) {
    const corrected = await repo.correctionsOf(
      tx,
      ctx.tenantId,
      rows.map((d) => d.id),
    );
    const originals = await repo.documentsByIds(
      tx,
      ctx.tenantId,
      rows.map((d) => d.correctsDocumentId).filter((x): x is string => x !== null),
    );
    return rows.map((d) =>
      presentDocument(actor, d, {
        corrected: corrected.some((c) => c.correctsDocumentId === d.id),
        correctsNumber: originals.find((o) => o.id === d.correctsDocumentId)?.number ?? null,
      }),
    );
  }

  function announcedChanges(l: Loaded, today: string): PriceChangeDto[] {
    return l.state.prices
      .filter((p) => p.validFrom > today)
      .map((p) => {
        const item = l.state.items.find((i) => i.id === p.itemId);
        const tariff = l.state.tariffs.find((t) => t.id === item?.tariffId);
        return {
          id: p.id,
          itemId: p.itemId,
          itemTitle: item ? textIn(item.title, l.language) : '',
          tariffTitle: tariff ? textIn(tariff.title, l.language) : '',
          validFrom: p.validFrom,
          unitPrice: trimDecimal(p.unitPrice, 2),
          previousUnitPrice: trimDecimal(p.previousUnitPrice, 2),
        };
      });
  }

  return {
    load,
    findAccount,
    compute,
    issueCorrectionDocuments,
    issueInvoiceForAccount,
    issueInvoicesForAccounts,
    presentIssued,
    announcedChanges,
  };
}

/**
 * Issues the account's invoice for every charge due up to `until` that no document holds yet, and
 * its pending corrections, in the caller's transaction (the billing run calls this per account).
 * Returns the documents issued: [] when nothing is due, so a second call for the same `until`
 * issues nothing new. `deps.onIssued` runs in the same transaction with the new documents' ids.
 */
export function issueInvoiceForAccount(
  tx: Tx,
  ctx: RequestContext,
  input: { accountId: string; until: string },
  deps: BillingDeps = {},
): Promise<DocumentRow[]> {
  return billingCore(deps).issueInvoiceForAccount(tx, ctx, input);
}

/**
 * issueInvoiceForAccount for a batch of accounts in one transaction with a fixed number of
 * statements (the billing run's fast path). Per account: the ids of the documents issued, or the
 * error that kept it from being issued (nothing of that account is written then).
 */
export function issueInvoicesForAccounts(
  tx: Tx,
  ctx: RequestContext,
  input: { accountIds: string[]; until: string },
  deps: BatchIssueDeps = {},
): Promise<BatchIssueResults> {
  return billingCore(deps).issueInvoicesForAccounts(tx, ctx, input);
}

export function createBillingService(db: Database, deps: BillingDeps = {}) {
  const {
    load,
    findAccount,
    compute,
    issueCorrectionDocuments,
    issueInvoiceForAccount,
    presentIssued,
    announcedChanges,
  } = billingCore(deps);

  /** A supermanager issues one account's invoice (and pending corrections) up to a date. */
  async function issueInvoice(ctx: RequestContext, accountId: string, until: string) {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) => {
      const issued = await issueInvoiceForAccount(tx, ctx, { accountId, until });
      if (issued.length === 0) throw billingProblems.nothingDue();
      return { items: await presentIssued(tx, ctx, actor, issued) };
    });
  }

  /** Issues the pending corrections of the account at once (no invoice). */
  async function issuePendingCorrections(ctx: RequestContext, accountId: string) {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) => {
      const l = await load(tx, ctx, accountId, true);
      if (!l.settings) throw billingProblems.noInvoiceSettings();
      const { corrections } = compute(l, ctx.today);
      if (corrections.length === 0)
        throw new HttpProblem(409, 'no_pending_corrections', 'There are no pending corrections');
      const issued = await issueCorrectionDocuments(tx, ctx, l, corrections);
      if (deps.onIssued)
        await deps.onIssued(
          tx,
          issued.map((d) => d.id),
        );
      return { items: await presentIssued(tx, ctx, actor, issued) };
    });
  }

  /**
   * A manual correction of chosen lines of one issued invoice, with a reason: each line is
   * credited by the given amount, or by all that stands of it.
   */
  async function correctLines(
    ctx: RequestContext,
    documentId: string,
    input: { lines: { chargeKey: string; credit?: number | undefined }[]; reason: string },
  ) {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) => {
      const original = await repo.findDocument(tx, ctx.tenantId, documentId);
      if (!original) throw problems.notFound('Document');
      const l = await load(tx, ctx, original.accountId, true);
      if (!l.settings) throw billingProblems.noInvoiceSettings();
      if (original.kind !== 'invoice')
        throw problems.badRequest('not_an_invoice', 'Only the lines of an invoice can be corrected');
      const errors: { field: string; message: string; code: string }[] = [];
      const pending: PendingCorrection[] = [];
      input.lines.forEach((want, i) => {
        const line = l.issued.find(
          (x) => x.line.documentId === original.id && x.line.chargeKey === want.chargeKey,
        );
        if (!line || line.line.correctsChargeKey !== null) {
          errors.push({
            field: `lines.${i}.chargeKey`,
            message: 'This line is not on the issued invoice',
            code: 'line_not_issued',
          });
          return;
        }
        const earlier = l.issued.filter((x) => x.line.correctsChargeKey === want.chargeKey);
        const standing = line.line.netMinor + earlier.reduce((s, x) => s + x.line.netMinor, 0);
        const credit = want.credit ?? standing;
        if (standing <= 0 || credit > standing) {
          errors.push({
            field: `lines.${i}.credit`,
            message: 'The credit cannot exceed what stands of the line',
            code: 'credit_too_high',
          });
          return;
        }
        const charge = line.line.charge as Charge;
        pending.push({
          key: `${want.chargeKey}|correction|${earlier.length + 1}`,
          kind: 'correction',
          title: charge.title,
          itemKey: charge.itemKey,
          billingMode: charge.billingMode,
          servicePeriod: charge.servicePeriod,
          quantity: charge.quantity,
          unit: charge.unit,
          unitPrice: charge.unitPrice,
          proration: charge.proration ?? { days: 1, ofDays: 1 },
          amount: { amountMinor: -credit, currency: original.currency },
          usedAmount: { amountMinor: standing - credit, currency: original.currency },
          vatRate: charge.vatRate,
          source: charge.source,
          corrects: {
            chargeKey: want.chargeKey,
            invoiceId: original.id,
            invoiceNumber: original.number,
            invoiceDate: original.issueDate,
          },
          correctsDocumentNumber: original.number,
          correctsDocumentDate: original.issueDate,
        });
      });
      if (new Set(input.lines.map((x) => x.chargeKey)).size !== input.lines.length)
        errors.push({ field: 'lines', message: 'Choose each line once', code: 'duplicate_line' });
      if (errors.length)
        throw problems.badRequest('validation_failed', 'Some lines cannot be corrected', errors);
      const issued = await issueCorrectionDocuments(tx, ctx, l, pending, input.reason);
      if (deps.onIssued)
        await deps.onIssued(
          tx,
          issued.map((d) => d.id),
        );
      return { items: await presentIssued(tx, ctx, actor, issued) };
    });
  }

  /** The billing data of an account: due, future and invoiced charges, pending corrections. */
  async function billingData(ctx: RequestContext, accountId: string, until: string): Promise<BillingDataDto> {
    const actor = actorOf(ctx);
    if (until > ctx.today) throw billingProblems.futureDate();
    return db.tenant(ctx.tenantId, async (tx) => {
      if (actor.realm === 'client' && actor.accountId !== accountId) throw problems.notFound('Account');
      const l = await load(tx, ctx, accountId, false);
      const horizon = futureHorizon(until);
      const { charges, corrections } = compute(l, horizon);
      const byKey = new Map(l.issued.map((x) => [x.line.chargeKey, x]));
      const dtos: ChargeDto[] = charges.map((c) => {
        const inv = byKey.get(c.key);
        const status = inv ? 'invoiced' : c.dueDate <= until ? 'due' : 'future';
        return {
          key: c.key,
          kind: lineKind(c),
          title: c.title,
          bookingId: c.source.bookingId || null,
          periodFrom: c.servicePeriod.from,
          periodTo: c.servicePeriod.to,
          dueDate: c.dueDate,
          quantity: c.quantity,
          unit: c.unit,
          unitPrice: c.unitPrice,
          proration: prorationText(c.proration),
          vatRate: c.vatRate,
          amount: inv ? inv.line.netMinor : c.amount.amountMinor,
          status,
          documentId: inv?.line.documentId ?? null,
          documentNumber: inv?.documentNumber ?? null,
        };
      });
      // Invoiced charges the recomputation no longer yields (e.g. after an end) stay listed.
      for (const x of l.issued) {
        if (x.line.correctsChargeKey !== null || charges.some((c) => c.key === x.line.chargeKey)) continue;
        const c = x.line.charge as Charge;
        dtos.push({
          key: c.key,
          kind: lineKind(c),
          title: c.title,
          bookingId: c.source.bookingId || null,
          periodFrom: c.servicePeriod.from,
          periodTo: c.servicePeriod.to,
          dueDate: c.dueDate,
          quantity: c.quantity,
          unit: c.unit,
          unitPrice: c.unitPrice,
          proration: prorationText(c.proration),
          vatRate: c.vatRate,
          amount: x.line.netMinor,
          status: 'invoiced',
          documentId: x.line.documentId,
          documentNumber: x.documentNumber,
        });
      }
      dtos.sort(byDueDate);
      const dueNet = dtos.filter((c) => c.status === 'due').reduce((s, c) => s + c.amount, 0);
      const canManage = actor.realm === 'staff' && ['supermanager', 'owner'].includes(actor.level);
      return {
        accountId,
        until,
        today: ctx.today,
        currency: l.tenant.currency,
        isTestAccount: l.account.isTestAccount,
        charges: dtos,
        pendingCorrections: corrections.map((k) => ({
          key: k.key,
          title: k.title,
          periodFrom: k.servicePeriod.from,
          periodTo: k.servicePeriod.to,
          vatRate: k.vatRate,
          amount: k.amount.amountMinor,
          correctsChargeKey: k.corrects.chargeKey,
          correctsDocumentId: k.corrects.invoiceId,
          correctsDocumentNumber: k.correctsDocumentNumber,
          correctsDocumentDate: k.correctsDocumentDate,
        })),
        dueNet,
        announcedPriceChanges: announcedChanges(l, ctx.today),
        issueBlockedBy: !l.settings
          ? 'no_invoice_settings'
          : dtos.some((c) => c.status === 'due') || corrections.length > 0
            ? null
            : 'nothing_due',
        abilities: { 'billing.view': true, 'billing.manage': canManage },
      };
    });
  }

  /** A one-off line on the account's billing data; the reason goes into the audit log. */
  async function addManualItem(
    ctx: RequestContext,
    accountId: string,
    input: {
      title: string;
      quantity: string;
      unitPrice: string;
      vatRate: string;
      date: string;
      reason: string;
    },
  ) {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) => {
      const account = await findAccount(tx, ctx, accountId);
      if (!account) throw problems.notFound('Account');
      const item = await repo.insertManualItem(tx, {
        tenantId: ctx.tenantId,
        accountId,
        title: input.title,
        quantity: input.quantity,
        unitPrice: input.unitPrice,
        vatRate: input.vatRate,
        date: input.date,
        reason: input.reason,
        createdById: actor.userId,
        createdAt: ctx.now,
      });
      await recordAudit(tx, ctx, {
        action: 'billing.manual_item_added',
        entityType: 'manual_item',
        entityId: item.id,
        accountId,
        after: {
          title: item.title,
          quantity: item.quantity,
          unitPrice: item.unitPrice,
          vatRate: item.vatRate,
          date: item.date,
        },
        reason: input.reason,
      });
      return {
        id: item.id,
        title: item.title,
        quantity: trimDecimal(item.quantity),
        unitPrice: trimDecimal(item.unitPrice, 2),
        vatRate: trimDecimal(item.vatRate),
        date: item.date,
        reason: item.reason,
        createdAt: item.createdAt.toISOString(),
      };
    });
  }

  async function listDocuments(ctx: RequestContext, accountId: string) {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) => {
      if (actor.realm === 'client' && actor.accountId !== accountId) throw problems.notFound('Account');
      const account = await findAccount(tx, ctx, accountId);
      if (!account) throw problems.notFound('Account');
      const rows = await repo.documentsOfAccount(tx, ctx.tenantId, accountId);
      return { items: await presentIssued(tx, ctx, actor, rows) };
    });
  }

  async function getDocument(ctx: RequestContext, documentId: string) {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) => {
      const row = await repo.findDocument(tx, ctx.tenantId, documentId);
      if (!row || (actor.realm === 'client' && row.accountId !== actor.accountId))
        throw problems.notFound('Document');
      const [summary] = await presentIssued(tx, ctx, actor, [row]);
      const correctedBy = await repo.correctionsOf(tx, ctx.tenantId, [row.id]);
      if (!summary) throw new Error('document view missing');
      return {
        ...summary,
        data: row.data,
        correctedBy: correctedBy.map((c) => ({ id: c.id, number: c.number })),
      };
    });
  }

  return {
    issueInvoiceForAccount,
    issueInvoice,
    issuePendingCorrections,
    correctLines,
    billingData,
    addManualItem,
    listDocuments,
    getDocument,
  };
}

export type BillingService = ReturnType<typeof createBillingService>;
