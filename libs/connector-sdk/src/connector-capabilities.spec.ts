import {
  CAPABILITIES,
  CAPABILITY_METHODS,
  COMPANION_METHODS,
  hasCapability,
  requireCapability,
  UnsupportedCapabilityError,
} from './connector-capabilities';
import type { Connector, ConnectorCapabilities } from './connector.types';
import { externalRef } from './external-ref';
import type { ExportResult } from './export-result.types';

const capabilities: ConnectorCapabilities = {
  accounts: false,
  taxCodes: false,
  attachments: false,
  expenseVouchers: true,
  journalEntries: false,
  externalRefLookup: false,
  statusTracking: false,
  oauth: false,
};

const connector: Connector = {
  key: 'fake',
  capabilities,
  credentialSchema: [],
  limits: { rateLimitScope: 'organization' },
  verify: async (connection) => ({ organizationId: connection.organizationId }),
  createExpenseVoucher: async (): Promise<ExportResult> => ({ providerId: 'v1', providerStatus: 'draft' }),
};

describe('capabilities', () => {
  it('grants every capability only to a connector that declares it and has its methods', () => {
    const none = Object.fromEntries(CAPABILITIES.map((name) => [name, false])) as unknown as ConnectorCapabilities;
    for (const capability of CAPABILITIES) {
      const methods = [CAPABILITY_METHODS[capability], ...(COMPANION_METHODS[capability] ?? [])];
      const implemented = Object.fromEntries(methods.map((method) => [method, async () => undefined]));
      const declared = { ...none, [capability]: true };
      const base = { key: 'fake', credentialSchema: [], limits: connector.limits, verify: connector.verify };
      expect(hasCapability({ ...base, capabilities: declared, ...implemented } as Connector, capability)).toBe(true);
      expect(hasCapability({ ...base, capabilities: declared } as Connector, capability)).toBe(false);
      expect(hasCapability({ ...base, capabilities: none, ...implemented } as Connector, capability)).toBe(false);
    }
  });

  it('narrows a connector to one whose method can be called directly', async () => {
    const narrowed = requireCapability(connector, 'expenseVouchers');
    expect(hasCapability(connector, 'expenseVouchers')).toBe(true);
    await expect(
      narrowed.createExpenseVoucher(
        { companyId: 'c', organizationId: 'o', credentials: {} },
        {
          date: '2025-01-31',
          paidFromAccount: '55000',
          lines: [],
          externalRef: externalRef('x'),
        },
      ),
    ).resolves.toEqual({ providerId: 'v1', providerStatus: 'draft' });
  });

  it('refuses a capability the connector did not declare', () => {
    expect(hasCapability(connector, 'journalEntries')).toBe(false);
    expect(() => requireCapability(connector, 'journalEntries')).toThrow(UnsupportedCapabilityError);
    expect(() => requireCapability(connector, 'journalEntries')).toThrow(
      'The "fake" connector does not support journalEntries.',
    );
  });
});
