/**
 * The permission matrix of DOMAIN.md §2 as typed data. It is the only place that says which
 * level may perform which action; server routes declare an action from this list, the policy
 * layer checks it, and the API sends the resulting abilities to the UI.
 */

export const staffLevels = ['employee', 'manager', 'supermanager', 'owner'] as const;
export type StaffLevel = (typeof staffLevels)[number];

export const clientRoles = ['member', 'admin'] as const;
export type ClientRole = (typeof clientRoles)[number];

/** A client requirement: a role, or the account owner (one of the admins). */
export type ClientRequirement = ClientRole | 'account_owner';

export type Rule = {
  /** Lowest client role allowed, or undefined when clients may never do it. */
  client?: ClientRequirement;
  /** Lowest staff level allowed, or undefined when staff may never do it. */
  staff?: StaffLevel;
  /** Staff on manager level or above overriding a computed value must give a reason. */
  reasonRequired?: boolean;
};

export const permissionMatrix = {
  'contract.view': { client: 'member', staff: 'employee' },
  'contract.editBilling': { client: 'admin', staff: 'employee' },
  'contract.editCustomerNumber': { staff: 'employee' },
  'contract.editVat': { staff: 'manager' },
  'contract.editPartner': { staff: 'manager', reasonRequired: true },
  'contract.editPaymentTerms': { staff: 'manager', reasonRequired: true },
  'contract.changeStart': { staff: 'manager', reasonRequired: true },
  'contract.setTestAccount': { staff: 'manager' },
  'module.order': { client: 'admin', staff: 'employee' },
  'module.orderAnyTariff': { staff: 'manager' },
  'booking.changeAtComputedDate': { client: 'admin', staff: 'employee' },
  'booking.changeAtOtherDate': { staff: 'manager', reasonRequired: true },
  'booking.withdrawCancellation': { client: 'admin', staff: 'employee' },
  'option.manage': { staff: 'manager' },
  'booking.editModuleData': { client: 'admin', staff: 'employee' },
  'account.close': { client: 'account_owner', staff: 'manager' },
  'account.export': { client: 'account_owner' },
  'accountUser.view': { client: 'member', staff: 'employee' },
  'accountUser.invite': { client: 'admin' },
  'accountUser.resendInvitation': { client: 'admin', staff: 'employee' },
  'accountUser.revokeInvitation': { client: 'admin' },
  'accountUser.changeRole': { client: 'admin' },
  'accountUser.remove': { client: 'admin' },
  'account.transferOwnership': { client: 'account_owner' },
  'account.list': { staff: 'employee' },
  'account.viewAudit': { staff: 'employee' },
  /** Declarations of the §312k BGB cancellation button: the incoming list and matching one to a booking. */
  'cancellation.match': { staff: 'employee' },
  'catalog.manage': { staff: 'supermanager' },
  'invoice.manage': { staff: 'supermanager' },
  /** An account's billing data (due, future and invoiced charges) and its documents. */
  'billing.view': { client: 'member', staff: 'employee' },
  /** Manual items, usage import, issuing invoices and corrections (DOMAIN.md §2). */
  'billing.manage': { staff: 'supermanager' },
  /** The bookkeeping export of issued documents. */
  'billing.export': { staff: 'supermanager' },
  'tenant.manageStaff': { staff: 'owner' },
  'tenant.manageBranding': { staff: 'owner' },
  'tenant.manageLegal': { staff: 'owner' },
  'tenant.readOutbox': { staff: 'owner' },
  'self.manage': { client: 'member', staff: 'employee' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof permissionMatrix;
export const actions = Object.keys(permissionMatrix) as Action[];

export type Actor =
  | { realm: 'staff'; userId: string; level: StaffLevel }
  | { realm: 'client'; userId: string; accountId: string; role: ClientRole; isAccountOwner: boolean };

export function staffLevelAtLeast(level: StaffLevel, required: StaffLevel): boolean {
  return staffLevels.indexOf(level) >= staffLevels.indexOf(required);
}

function clientMeets(actor: Extract<Actor, { realm: 'client' }>, required: ClientRequirement): boolean {
  if (required === 'account_owner') return actor.isAccountOwner;
  return clientRoles.indexOf(actor.role) >= clientRoles.indexOf(required);
}

/** Whether the matrix lets this actor perform the action at all (entity state is checked elsewhere). */
export function can(actor: Actor, action: Action): boolean {
  const rule: Rule = permissionMatrix[action];
  if (actor.realm === 'staff') return rule.staff !== undefined && staffLevelAtLeast(actor.level, rule.staff);
  return rule.client !== undefined && clientMeets(actor, rule.client);
}

/** The lowest level that may perform an action, for messages such as "only a manager can …". */
export function requiredLevel(action: Action): Rule {
  return permissionMatrix[action];
}

export type Abilities<A extends Action = Action> = Partial<Record<A, boolean>>;

/** Abilities for a list of actions: what the UI may offer for one entity. */
export function abilitiesFor<A extends Action>(actor: Actor, list: readonly A[]): Record<A, boolean> {
  const out = {} as Record<A, boolean>;
  for (const a of list) out[a] = can(actor, a);
  return out;
}

/**
 * Why the matrix refuses an action to this actor, as data the UI words ("only a manager can change
 * the contract partner"); null when it is allowed.
 */
export type Refusal =
  | { code: 'staff_level'; level: StaffLevel }
  | { code: 'client_role'; role: ClientRequirement }
  | { code: 'staff_only'; level: StaffLevel }
  | { code: 'client_only'; role: ClientRequirement };

export function refusalFor(actor: Actor, action: Action): Refusal | null {
  if (can(actor, action)) return null;
  const rule: Rule = permissionMatrix[action];
  if (actor.realm === 'staff') {
    if (rule.staff) return { code: 'staff_level', level: rule.staff };
    return { code: 'client_only', role: rule.client ?? 'admin' };
  }
  if (rule.client) return { code: 'client_role', role: rule.client };
  return { code: 'staff_only', level: rule.staff ?? 'employee' };
}

/** Whether the action needs a reason (a manager's override of a computed or given value). */
export function isReasonRequired(action: Action): boolean {
  const rule: Rule = permissionMatrix[action];
  return rule.reasonRequired === true;
}
