import {
  AccountingConnector,
  ConnectorError,
  throwIfCallStopped,
  type Account,
  type AuthorizationRequest,
  type CallOptions,
  type ConnectionCheck,
  type Connector,
  type ConnectorCapabilities,
  type ConnectorLimits,
  type ProviderConnection,
  type TaxCode,
} from '@ledgerbridge/connector-sdk';
import {
  accountProblems,
  authorizationUrlProblems,
  capabilityProblemsOf,
  declarationProblems,
  describeConnectorConformance,
  outcomeOf,
  secretLeakProblems,
  secretValuesOf,
  taxCodeProblems,
  verifiedProblems,
  wrongCredentialsProblems,
  wrongOrganizationProblems,
} from './index';

const NO_CAPABILITIES: ConnectorCapabilities = {
  accounts: false,
  taxCodes: false,
  attachments: false,
  expenseVouchers: false,
  journalEntries: false,
  externalRefLookup: false,
  statusTracking: false,
  oauth: false,
};

const GOOD_ACCOUNTS: Account[] = [
  { number: '1000', name: 'Bank', kind: 'deposit', active: true },
  { number: '4000', name: 'Travel', kind: 'expense', active: true, defaultTaxCode: 'I25' },
  { number: '4010', name: 'Old travel', kind: 'expense', active: false },
];
const GOOD_TAX_CODES: TaxCode[] = [
  { code: 'I25', name: 'Input VAT 25 %', rateBasisPoints: 2500, direction: 'purchase' },
  { code: 'none', name: 'No VAT', rateBasisPoints: 0, direction: 'none' },
];

/** An in-memory provider with only `verify`: organizations are ids with one API key each. */
@AccountingConnector({ key: 'fake-minimal', rateLimit: { requests: 10, perMs: 1_000 } })
class MinimalConnector implements Connector {
  readonly key: string = 'fake-minimal';
  readonly credentialSchema = [{ key: 'apiKey', label: 'API key', secret: true }];
  readonly capabilities: ConnectorCapabilities = NO_CAPABILITIES;
  readonly limits: ConnectorLimits = { rateLimitScope: 'organization' };
  private readonly keys = new Map<string, string>();

  open(companyId: string): ProviderConnection {
    const organizationId = String(5000 + this.keys.size);
    const apiKey = `fake-key-${organizationId}-${Math.random().toString(36).slice(2)}`;
    this.keys.set(organizationId, apiKey);
    return { companyId, organizationId, credentials: { apiKey } };
  }

  async verify(connection: ProviderConnection, options?: CallOptions): Promise<ConnectionCheck> {
    throwIfCallStopped(options, Date.now(), 'verifying');
    this.authorize(connection);
    return { organizationId: connection.organizationId };
  }

  protected authorize(connection: ProviderConnection): void {
    const key = this.keys.get(connection.organizationId);
    if (key === undefined)
      throw new ConnectorError('not_found', `Organization ${connection.organizationId} does not exist.`);
    if (key !== connection.credentials['apiKey'])
      throw new ConnectorError('authentication', 'The API key was refused.');
  }
}

/** The honest full provider: accounts, tax codes and an OAuth login, each flag with its methods. */
@AccountingConnector({ key: 'fake-books', rateLimit: { requests: 60, perMs: 60_000 } })
class HonestConnector extends MinimalConnector {
  override readonly key: string = 'fake-books';
  override readonly capabilities: ConnectorCapabilities = {
    ...NO_CAPABILITIES,
    accounts: true,
    taxCodes: true,
    oauth: true,
  };

  async listAccounts(connection: ProviderConnection, options?: CallOptions): Promise<Account[]> {
    throwIfCallStopped(options, Date.now(), 'listing accounts');
    this.authorize(connection);
    return GOOD_ACCOUNTS;
  }

  async listTaxCodes(connection: ProviderConnection, options?: CallOptions): Promise<TaxCode[]> {
    throwIfCallStopped(options, Date.now(), 'listing tax codes');
    this.authorize(connection);
    return GOOD_TAX_CODES;
  }

  authorizationUrl(request: AuthorizationRequest): string {
    const query = new URLSearchParams({ state: request.state, redirect_uri: request.redirectUri });
    return `https://login.fake-books.test/authorize?${query.toString()}`;
  }

  async exchangeAuthorizationCode(): Promise<{ credentials: Readonly<Record<string, string>> }> {
    return { credentials: { apiKey: 'from-oauth' } };
  }
}

/** Wrong in the ways providers tend to be: undecorated, bad key, stubbed flag, raw errors, leaked secrets, bad data. */
class BrokenConnector implements Connector {
  readonly key = 'Broken_Books';
  readonly credentialSchema = [{ key: 'apiKey', label: 'API key', secret: false }];
  readonly capabilities: ConnectorCapabilities = { ...NO_CAPABILITIES, accounts: true, oauth: true };
  readonly limits = { rateLimitScope: 'tenant' } as unknown as ConnectorLimits;

  async verify(connection: ProviderConnection): Promise<ConnectionCheck> {
    if (connection.credentials['apiKey'] === 'wrong-key-0000') {
      throw new Error(`401 Unauthorized for apiKey=${connection.credentials['apiKey']}`);
    }
    if (connection.organizationId === '9999') throw new ConnectorError('unknown', 'Something went wrong.');
    return { organizationId: 'someone-else' };
  }

  async listTaxCodes(): Promise<TaxCode[]> {
    return []; // a stub behind a false flag
  }

  async listAccounts(): Promise<Account[]> {
    return [
      { number: '1000', name: 'Bank', kind: 'expense', active: true },
      { number: '1000', name: 'Bank again', kind: 'asset' as Account['kind'], active: 'yes' as unknown as boolean },
      { number: ' ', name: 'Blank', kind: 'expense', active: true },
    ];
  }

  authorizationUrl(request: AuthorizationRequest): string {
    return `/login?state=${request.state}`;
  }
}

const working: ProviderConnection = {
  companyId: 'c1',
  organizationId: '5000',
  credentials: { apiKey: 'right-key-1234' },
};
const wrongOrganization: ProviderConnection = { ...working, organizationId: '9999' };
const wrongCredentials: ProviderConnection = { ...working, credentials: { apiKey: 'wrong-key-0000' } };
const oauthRequest = { state: 'st-42', redirectUri: 'https://host.test/cb' };

describe('the kit’s checks', () => {
  describe('declarationProblems', () => {
    it('accepts honest connectors with all or no capabilities', () => {
      expect(declarationProblems(new HonestConnector())).toEqual([]);
      expect(declarationProblems(new MinimalConnector())).toEqual([]);
    });

    it('finds a bad key, a stubbed or missing method, no secret field and no decorator', () => {
      expect(declarationProblems(new BrokenConnector())).toEqual([
        'key "Broken_Books" must match /^[a-z][a-z0-9-]{0,31}$/',
        'capabilities.taxCodes is false but listTaxCodes is present (declare false, never stub)',
        'capabilities.oauth is true but exchangeAuthorizationCode is not a method',
        'credentialSchema has no secret field, so nothing would be encrypted or redacted',
        'limits.rateLimitScope must be one of organization, connection, client',
        'the connector class carries no @AccountingConnector metadata',
      ]);
    });

    it('finds non-boolean and unknown flags, an invalid schema and a key differing from the decorator', () => {
      const connector = new MinimalConnector();
      Object.assign(connector, {
        key: 'other-key',
        capabilities: { ...NO_CAPABILITIES, accounts: 'yes', webhooks: true },
        credentialSchema: [
          { key: 'apiKey', label: 'API key', secret: true },
          { key: 'apiKey', label: 'Again', secret: true },
        ],
      });
      expect(declarationProblems(connector)).toEqual([
        'capabilities.webhooks is not a capability the contract knows',
        'capabilities.accounts must be a boolean, got string',
        'credentialSchema is invalid: the field "apiKey" is declared twice',
        'the decorator\'s key "fake-minimal" differs from the instance\'s key "other-key"',
      ]);
    });
  });

  describe('verify checks', () => {
    it('pass for the honest connector', async () => {
      const connector = new HonestConnector();
      const connection = connector.open('c1');
      const wrongOrg = { ...connection, organizationId: '9999' };
      const wrongKey = { ...connection, credentials: { apiKey: 'nope-nope' } };
      expect(verifiedProblems(await outcomeOf(() => connector.verify(connection)), connection)).toEqual([]);
      expect(wrongOrganizationProblems(await outcomeOf(() => connector.verify(wrongOrg)), wrongOrg)).toEqual([]);
      expect(wrongCredentialsProblems(await outcomeOf(() => connector.verify(wrongKey)))).toEqual([]);
    });

    it('find a foreign organizationId, an unnamed organization, a wrong code and a raw error', async () => {
      const connector = new BrokenConnector();
      expect(verifiedProblems(await outcomeOf(() => connector.verify(working)), working)).toEqual([
        'verify returned organizationId "someone-else", expected "5000"',
      ]);
      expect(
        wrongOrganizationProblems(await outcomeOf(() => connector.verify(wrongOrganization)), wrongOrganization),
      ).toEqual([expect.stringMatching(/failed with code "unknown", expected not_found or validation or forbidden/)]);
      expect(wrongCredentialsProblems(await outcomeOf(() => connector.verify(wrongCredentials)))).toEqual([
        'verify with wrong credentials failed with a raw Error: 401 Unauthorized for apiKey=wrong-key-0000, not a ConnectorError',
      ]);
    });

    it('find a failure that did not happen and a message that does not name the organization', async () => {
      const succeeded = { ok: true as const, value: { organizationId: '9999' } };
      expect(wrongOrganizationProblems(succeeded, wrongOrganization)).toEqual([
        expect.stringMatching(/succeeded, but it must fail/),
      ]);
      const unnamed = { ok: false as const, error: new ConnectorError('not_found', 'No such organization.') };
      expect(wrongOrganizationProblems(unnamed, wrongOrganization)).toEqual([
        'the message does not name organization 9999: "No such organization."',
      ]);
    });
  });

  describe('secret leaks', () => {
    const schema = new HonestConnector().credentialSchema;
    const secrets = secretValuesOf(schema, [working, wrongCredentials]);

    it('collects every secret value of every connection involved', () => {
      expect(secrets).toEqual(['right-key-1234', 'wrong-key-0000']);
    });

    it('find a secret in the message and one hidden in the JSON only', () => {
      expect(secretLeakProblems(new Error('refused wrong-key-0000'), secrets)).toEqual([
        "the error's message contains secret credential value #2",
        "the error's string form contains secret credential value #2",
      ]);
      const inJson = new ConnectorError('authentication', 'Refused.', { providerCode: 'key right-key-1234' });
      expect(secretLeakProblems(inJson, secrets)).toEqual(["the error's JSON contains secret credential value #1"]);
      expect(secretLeakProblems(new ConnectorError('authentication', 'Refused.'), secrets)).toEqual([]);
    });
  });

  describe('chart checks', () => {
    it('accept a good chart and good tax codes', () => {
      expect(accountProblems(GOOD_ACCOUNTS)).toEqual([]);
      expect(taxCodeProblems(GOOD_TAX_CODES)).toEqual([]);
    });

    it('find duplicates, blank numbers, unknown kinds, non-boolean flags and missing deposit accounts', async () => {
      expect(accountProblems(await new BrokenConnector().listAccounts())).toEqual([
        'account number 1000 appears twice',
        'account #1 (1000) has kind "asset", not an AccountKind',
        'account #1 (1000) has no boolean active flag',
        'account #2 ( ) has no number as non-empty text',
        'no deposit account, so no expense could be paid from anything',
      ]);
      expect(accountProblems([])).toEqual(['listAccounts returned no accounts']);
      expect(accountProblems(undefined)).toEqual(['listAccounts did not return an array']);
    });

    it("take the provider's expenseAllowed flag over the kind to decide whether an expense can book anywhere", () => {
      const deposit = { number: '55000', name: 'Bank', kind: 'deposit', active: true } as const;
      const flagged = {
        number: '2000',
        name: 'Vareforbrug',
        kind: 'other',
        active: true,
        expenseAllowed: true,
      } as const;
      const refused = {
        number: '3000',
        name: 'Reklame',
        kind: 'expense',
        active: true,
        expenseAllowed: false,
      } as const;
      expect(accountProblems([deposit, flagged])).toEqual([]);
      expect(accountProblems([deposit, refused])).toEqual(['no expense account, so no expense could be booked']);
      expect(accountProblems([deposit, flagged, { ...refused, expenseAllowed: 'yes' }])).toEqual([
        'account #2 (3000) has expenseAllowed "yes", not a boolean',
      ]);
    });

    it('find duplicate codes, float or out-of-range rates and unknown directions', () => {
      const bad = [
        { code: 'I25', name: 'VAT', rateBasisPoints: 25.5, direction: 'purchase' },
        { code: 'I25', name: 'VAT', rateBasisPoints: 12_000, direction: 'input' },
      ];
      expect(taxCodeProblems(bad)).toEqual([
        'tax code #0 (I25) has rateBasisPoints 25.5, not an integer 0..10000',
        'tax code I25 appears twice',
        'tax code #1 (I25) has rateBasisPoints 12000, not an integer 0..10000',
        'tax code #1 (I25) has direction "input"',
      ]);
    });
  });

  describe('oauth and capability checks', () => {
    it('accept a URL carrying state and redirect URI and find a relative one without them', () => {
      expect(authorizationUrlProblems(new HonestConnector().authorizationUrl(oauthRequest), oauthRequest)).toEqual([]);
      expect(authorizationUrlProblems(new BrokenConnector().authorizationUrl(oauthRequest), oauthRequest)).toEqual([
        'authorizationUrl returned "/login?state=st-42", not an absolute URL',
      ]);
      expect(authorizationUrlProblems('ftp://x.test/?state=st-42', oauthRequest)).toEqual([
        'ftp://x.test/?state=st-42 is not an http(s) URL',
        'ftp://x.test/?state=st-42 does not carry the redirect URI https://host.test/cb',
      ]);
    });

    it('run a capability’s check only when declared, and otherwise find a present method', async () => {
      const never = async (): Promise<string[]> => ['must not run'];
      expect(await capabilityProblemsOf(new MinimalConnector(), 'accounts', never)).toEqual([]);
      expect(await capabilityProblemsOf(new BrokenConnector(), 'taxCodes', never)).toEqual([
        'capabilities.taxCodes is false but listTaxCodes is present',
      ]);
      expect(await capabilityProblemsOf(new HonestConnector(), 'accounts', never)).toEqual(['must not run']);
    });
  });
});

// The suite itself, end to end, for a provider with every checked read capability and for one with none.
for (const Build of [HonestConnector, MinimalConnector]) {
  const connector = new Build();
  describeConnectorConformance({
    name: `in-memory ${connector.key}`,
    capabilities: connector.capabilities,
    connector: () => connector,
    newConnection: async () => connector.open('company-1'),
    wrongOrganization: (connection) => ({ ...connection, organizationId: '9999' }),
    wrongCredentials: (connection) => ({ ...connection, credentials: { apiKey: 'refused-key' } }),
  });
}
