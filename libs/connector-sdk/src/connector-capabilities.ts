import type { Capability, Connector } from './connector.types';

/** The one place that ties each capability flag to the method it promises. */
export const CAPABILITY_METHODS = {
  accounts: 'listAccounts',
  taxCodes: 'listTaxCodes',
  attachments: 'uploadAttachment',
  expenseVouchers: 'createExpenseVoucher',
  journalEntries: 'postJournalEntries',
  externalRefLookup: 'findByExternalRef',
  statusTracking: 'changesSince',
  oauth: 'exchangeAuthorizationCode',
} as const satisfies Record<Capability, keyof Connector>;

export const CAPABILITIES = Object.keys(CAPABILITY_METHODS) as Capability[];

/** Methods a capability needs besides its main one. */
export const COMPANION_METHODS: Partial<Record<Capability, ReadonlyArray<keyof Connector>>> = {
  oauth: ['authorizationUrl'],
};

/** A connector whose method for capability `C` is known to be present. */
export type ConnectorWith<C extends Capability> = Connector &
  Required<Pick<Connector, (typeof CAPABILITY_METHODS)[C]>> &
  (C extends 'oauth' ? Required<Pick<Connector, 'authorizationUrl'>> : unknown);

/** Thrown when the host asks a connector for a capability it did not declare. */
export class UnsupportedCapabilityError extends Error {
  override readonly name = 'UnsupportedCapabilityError';

  constructor(
    readonly connectorKey: string,
    readonly capability: Capability,
  ) {
    super(`The "${connectorKey}" connector does not support ${capability}.`);
  }
}

export function hasCapability<C extends Capability>(
  connector: Connector,
  capability: C,
): connector is ConnectorWith<C> {
  const methods = [CAPABILITY_METHODS[capability], ...(COMPANION_METHODS[capability] ?? [])];
  return connector.capabilities[capability] && methods.every((m) => typeof connector[m] === 'function');
}

/** Narrows `connector` so the host can call the capability's method without a null check. */
export function requireCapability<C extends Capability>(connector: Connector, capability: C): ConnectorWith<C> {
  if (!hasCapability(connector, capability)) throw new UnsupportedCapabilityError(connector.key, capability);
  return connector;
}
