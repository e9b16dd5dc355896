import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Action, permissionMatrix, type Rule } from '../../../shared/permissions';
import {
  billingAddressBody,
  type ContractPage,
  contractCustomerNumberBody,
  contractPage,
  contractStartBody,
  invoiceReceiptBody,
  partnerBody,
  paymentTermsBody,
  purchaseOrderBody,
  testAccountBody,
  vatBody,
} from '../../../shared/schemas/contract-page';
import type { Clock } from '../../clock';
import { problems } from '../../problem';
import type { ContractScope, ContractService } from './contract.service';

const idParams = z.object({ id: z.uuid() }).strict();

const STAFF = '/api/v1/staff/accounts/:id/contract';
const CLIENT = '/api/v1/client/account/contract';

const conflictNote =
  'Send the account version read; a stale version answers 409 with the current page in `current`.';

/**
 * The contract management page: one GET for the Contract data tab, one PUT per section. Staff
 * address an account by id; a client user always their own account. A section a client may never
 * change has no client route.
 */
export function contractRoutes(app: FastifyInstance, deps: { contract: ContractService; clock: Clock }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { contract } = deps;

  function scope(request: FastifyRequest): ContractScope {
    const actor = request.actor;
    if (!actor) throw problems.unauthorized();
    const accountId = actor.realm === 'client' ? actor.accountId : (request.params as { id: string }).id;
    return { ctx: request.ctx(), actor, accountId, tenantLocale: request.tenant.defaultLocale };
  }

  r.get(
    STAFF,
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['contract'],
        summary: "An account's contract data: every section with what the viewer may do and why not",
        params: idParams,
        response: { 200: contractPage },
      },
    },
    async (request) => contract.getContract(scope(request)),
  );
  r.get(
    CLIENT,
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['client'],
        summary: "The client's own contract data: every section with what the user may do and why not",
        response: { 200: contractPage },
      },
    },
    async (request) => contract.getContract(scope(request)),
  );

  /** Registers a section's PUT for staff and, when the matrix lets clients do it, for clients. */
  function section<B extends z.ZodType>(
    path: string,
    action: Action,
    summary: string,
    body: B,
    handler: (s: ContractScope, body: z.infer<B>) => Promise<ContractPage>,
  ) {
    const rule: Rule = permissionMatrix[action];
    const description = `${conflictNote} Permission: ${action}.`;
    r.put(
      `${STAFF}/${path}`,
      {
        config: { permission: action },
        schema: {
          tags: ['contract'],
          summary,
          description,
          params: idParams,
          body,
          response: { 200: contractPage },
        },
      },
      async (request) => handler(scope(request), request.body as z.infer<B>),
    );
    if (rule.client)
      r.put(
        `${CLIENT}/${path}`,
        {
          config: { permission: action },
          schema: { tags: ['client'], summary, description, body, response: { 200: contractPage } },
        },
        async (request) => handler(scope(request), request.body as z.infer<B>),
      );
  }

  section(
    'partner',
    'contract.editPartner',
    'Change the contract partner (manager; reason required)',
    partnerBody,
    (s, b) => contract.setPartner(s, b),
  );
  section(
    'billing-address',
    'contract.editBilling',
    'Set or clear the billing address (documents issued afterwards go to it)',
    billingAddressBody,
    (s, b) => contract.setBillingAddress(s, b),
  );
  section(
    'payment-terms',
    'contract.editPaymentTerms',
    'Set custom payment terms or return to the general ones (manager; reason required)',
    paymentTermsBody,
    (s, b) => contract.setPaymentTerms(s, b),
  );
  section(
    'contract-start',
    'contract.changeStart',
    'Override the derived contract start, or remove the override (manager; reason required)',
    contractStartBody,
    (s, b) => contract.setContractStart(s, b),
  );
  section(
    'customer-number',
    'contract.editCustomerNumber',
    'Set or clear the customer number (unique within the operator)',
    contractCustomerNumberBody,
    (s, b) => contract.setCustomerNumber(s, b),
  );
  section(
    'vat',
    'contract.editVat',
    'Set the VAT treatment and VAT ID (reverse charge needs a valid VAT ID; VIES check when configured)',
    vatBody,
    (s, b) => contract.setVat(s, b, () => deps.clock.now()),
  );
  section(
    'invoice-receipt',
    'contract.editBilling',
    'Set the invoice recipients (1–10, no duplicates) and the delivery mode',
    invoiceReceiptBody,
    (s, b) => contract.setInvoiceReceipt(s, b),
  );
  section(
    'purchase-order',
    'contract.editBilling',
    'Set or clear the purchase-order number printed on documents issued afterwards',
    purchaseOrderBody,
    (s, b) => contract.setPurchaseOrder(s, b),
  );
  section(
    'test-account',
    'contract.setTestAccount',
    'Mark or unmark the account as a test account (manager)',
    testAccountBody,
    (s, b) => contract.setTestAccount(s, b),
  );
}
