import { Module, Scope } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import type { Account } from './chart.types';
import { ConnectorRegistry } from './connector-registry';
import { ConnectorRegistrationError, UnknownConnectorError } from './connector-registry.errors';
import { ConnectorRegistryModule } from './connector-registry.module';
import { AccountingConnector } from './connector.decorator';
import type { Connector, ConnectorCapabilities, ConnectorLimits } from './connector.types';
import type { CredentialSchema } from './credential-schema.types';
import type { ConnectionCheck, ProviderConnection } from './provider-connection.types';

const NOTHING: ConnectorCapabilities = {
  accounts: false,
  taxCodes: false,
  attachments: false,
  expenseVouchers: false,
  journalEntries: false,
  externalRefLookup: false,
  statusTracking: false,
  oauth: false,
};

const SCHEMA: CredentialSchema = [{ key: 'apiKey', label: 'API key', secret: true }];

abstract class FakeConnector implements Connector {
  abstract readonly key: string;
  readonly capabilities: ConnectorCapabilities = NOTHING;
  readonly credentialSchema: CredentialSchema = SCHEMA;
  readonly limits: ConnectorLimits = { rateLimitScope: 'organization' };

  async verify(connection: ProviderConnection): Promise<ConnectionCheck> {
    return { organizationId: connection.organizationId };
  }
}

@AccountingConnector({ key: 'alpha', rateLimit: { requests: 100, perMs: 60_000 } })
class AlphaConnector extends FakeConnector {
  readonly key = 'alpha';
  override readonly capabilities = { ...NOTHING, accounts: true };

  async listAccounts(): Promise<Account[]> {
    return [{ number: '1000', name: 'Sales', kind: 'revenue', active: true }];
  }
}

@AccountingConnector({ key: 'beta', rateLimit: { requests: 10, perMs: 1_000 } })
class BetaConnector extends FakeConnector {
  readonly key = 'beta';
}

@AccountingConnector({ key: 'alpha', rateLimit: { requests: 1, perMs: 1_000 } })
class SecondAlphaConnector extends FakeConnector {
  readonly key = 'alpha';
}

@AccountingConnector({ key: 'gamma', rateLimit: { requests: 1, perMs: 1_000 } })
class FlagWithoutMethodConnector extends FakeConnector {
  readonly key = 'gamma';
  override readonly capabilities = { ...NOTHING, expenseVouchers: true };
}

@AccountingConnector({ key: 'delta', rateLimit: { requests: 1, perMs: 1_000 } })
class MethodWithoutFlagConnector extends FakeConnector {
  readonly key = 'delta';

  async listTaxCodes(): Promise<[]> {
    return [];
  }
}

@AccountingConnector({ key: 'epsilon', rateLimit: { requests: 1, perMs: 1_000 } })
class MismatchedKeyConnector extends FakeConnector {
  readonly key = 'not-epsilon';
}

@AccountingConnector({ key: 'zeta', rateLimit: { requests: 1, perMs: 1_000 } })
class DuplicateCredentialConnector extends FakeConnector {
  readonly key = 'zeta';
  override readonly credentialSchema = [...SCHEMA, ...SCHEMA];
}

@AccountingConnector({ key: 'eta', rateLimit: { requests: 1, perMs: 1_000 } })
class JournalWithoutBatchLimitConnector extends FakeConnector {
  readonly key = 'eta';
  override readonly capabilities = { ...NOTHING, journalEntries: true };

  async postJournalEntries(): Promise<[]> {
    return [];
  }
}

@AccountingConnector({ key: 'theta', rateLimit: { requests: 1, perMs: 1_000 } })
class BadLimitsConnector extends FakeConnector {
  readonly key = 'theta';
  override readonly limits = {
    rateLimitScope: 'planet',
    attachments: { maxBytes: 0, contentTypes: ['PDF'] },
  } as unknown as ConnectorLimits;
}

/** Each provider lives in its own module, as provider libs will. */
function providerModule(...connectors: Array<new () => FakeConnector>): new () => object {
  @Module({ providers: connectors })
  class FakeProviderModule {}
  return FakeProviderModule;
}

async function boot(...modules: Array<new () => object>): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports: [ConnectorRegistryModule, ...modules] }).compile();
  await moduleRef.init();
  return moduleRef;
}

describe('ConnectorRegistry', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  it('finds every decorated connector across provider modules', async () => {
    moduleRef = await boot(providerModule(AlphaConnector), providerModule(BetaConnector));
    const registry = moduleRef.get(ConnectorRegistry);

    expect(registry.keys()).toEqual(['alpha', 'beta']);
    expect(registry.get('alpha')).toBeInstanceOf(AlphaConnector);
    expect(registry.get('beta')).toBe(moduleRef.get(BetaConnector));
    expect(registry.rateLimitOf('alpha')).toEqual({ requests: 100, perMs: 60_000 });
    expect(registry.has('beta')).toBe(true);
    await expect(
      registry.get('alpha').listAccounts?.({ companyId: 'c', organizationId: 'o', credentials: {} }),
    ).resolves.toHaveLength(1);
  });

  it('is empty when no provider is mounted', async () => {
    moduleRef = await boot();
    expect(moduleRef.get(ConnectorRegistry).keys()).toEqual([]);
  });

  it('throws a clear error naming the unknown key and the registered ones', async () => {
    moduleRef = await boot(providerModule(AlphaConnector));
    const registry = moduleRef.get(ConnectorRegistry);

    expect(() => registry.get('fortnox')).toThrow(UnknownConnectorError);
    expect(() => registry.get('fortnox')).toThrow('"fortnox"; registered keys: alpha.');
    expect(() => registry.rateLimitOf('fortnox')).toThrow(UnknownConnectorError);
    expect(registry.has('fortnox')).toBe(false);
  });

  it('fails at init on a duplicate key, naming both classes', async () => {
    const init = boot(providerModule(AlphaConnector), providerModule(SecondAlphaConnector));
    const error: unknown = await init.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorRegistrationError);
    expect((error as Error).message).toMatch(
      /key "alpha": (AlphaConnector and SecondAlphaConnector|SecondAlphaConnector and AlphaConnector)/,
    );
  });

  it('registers one singleton reached through an alias only once', async () => {
    @Module({ providers: [AlphaConnector, { provide: 'ALPHA_ALIAS', useExisting: AlphaConnector }] })
    class AliasModule {}
    moduleRef = await boot(AliasModule);
    expect(moduleRef.get(ConnectorRegistry).keys()).toEqual(['alpha']);
  });

  it('fails at init on a capability flag without its method', async () => {
    await expect(boot(providerModule(FlagWithoutMethodConnector))).rejects.toThrow(
      'Connector FlagWithoutMethodConnector ("gamma") declares capabilities.expenseVouchers but does not implement createExpenseVoucher.',
    );
  });

  it('fails at init on a capability method behind a false flag', async () => {
    await expect(boot(providerModule(MethodWithoutFlagConnector))).rejects.toThrow(
      'implements listTaxCodes but declares capabilities.taxCodes false',
    );
  });

  it('fails at init when the instance key differs from the decorator key', async () => {
    await expect(boot(providerModule(MismatchedKeyConnector))).rejects.toThrow(
      'has key "not-epsilon" but is decorated with "epsilon"',
    );
  });

  it('fails at init on an invalid credential schema', async () => {
    await expect(boot(providerModule(DuplicateCredentialConnector))).rejects.toThrow(
      'the field "apiKey" is declared twice',
    );
  });

  it('fails at init on a journal capability without a declared batch size', async () => {
    await expect(boot(providerModule(JournalWithoutBatchLimitConnector))).rejects.toThrow(
      'Connector JournalWithoutBatchLimitConnector ("eta") declares capabilities.journalEntries but no limits.journalEntriesPerBatch.',
    );
  });

  it('fails at init on unusable limits, naming each', async () => {
    await expect(boot(providerModule(BadLimitsConnector))).rejects.toThrow(
      'limits.rateLimitScope must be one of organization, connection, client; ' +
        'limits.attachments.maxBytes must be a positive integer; ' +
        'limits.attachments.contentTypes has "PDF", not a lower-case MIME type.',
    );
  });

  it('fails at init on a request-scoped connector', async () => {
    @Module({ providers: [{ provide: BetaConnector, useClass: BetaConnector, scope: Scope.REQUEST }] })
    class RequestScopedModule {}
    await expect(boot(RequestScopedModule)).rejects.toThrow('must be a singleton provider');
  });

  it('ignores providers that are not connectors', async () => {
    class PlainService {}
    @Module({ providers: [PlainService, { provide: 'CONFIG', useValue: { key: 'alpha' } }] })
    class PlainModule {}
    moduleRef = await boot(PlainModule, providerModule(BetaConnector));
    expect(moduleRef.get(ConnectorRegistry).keys()).toEqual(['beta']);
  });
});
