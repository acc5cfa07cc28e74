import { Test } from '@nestjs/testing';
import { ConnectorRegistry, ConnectorRegistryModule, selectProviderModules } from '@ledgerbridge/connector-sdk';
import { DineroConnector } from './dinero.connector';
import { DineroModule } from './dinero.module';
import { dineroPlugin } from './index';
import { DINERO_OPTIONS } from './dinero.options';
import { FakeFetch, tokenReply } from './test-support/fake-fetch';

// What the host's config hands the plugin once it has validated DINERO_SETTINGS.
const settings = {
  DINERO_API_URL: 'https://api.test',
  DINERO_TOKEN_URL: 'https://authz.test/authz/token',
  VISMA_CONNECT_URL: 'https://connect.test',
  DINERO_CLIENT_ID: 'partner-id',
  DINERO_CLIENT_SECRET: 'partner-secret',
  DINERO_REQUEST_TIMEOUT_SECONDS: '45',
};

describe('DineroModule and dineroPlugin', () => {
  it('registers the connector under "dinero" with its rate limit, passing the registry’s start-up checks', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConnectorRegistryModule, ...selectProviderModules(['dinero'], [dineroPlugin()], { dinero: settings })],
    }).compile();
    await moduleRef.init();

    const registry = moduleRef.get(ConnectorRegistry);
    expect(registry.keys()).toEqual(['dinero']);
    expect(registry.get('dinero')).toBeInstanceOf(DineroConnector);
    expect(registry.rateLimitOf('dinero')).toEqual({
      requests: 90,
      perMs: 60_000,
      byConnectionKind: { api_key: 60, oauth: 90 },
    });
    await moduleRef.close();
  });

  it("builds the client from the host's settings", () => {
    const built = dineroPlugin().module(settings);
    expect(built.module).toBe(DineroModule);
    const providers = built.providers as Array<{ provide: unknown; useValue?: unknown }>;
    expect(providers.find((p) => p.provide === DINERO_OPTIONS)?.useValue).toMatchObject({
      apiUrl: 'https://api.test',
      tokenUrl: 'https://authz.test/authz/token',
      vismaConnectUrl: 'https://connect.test',
      clientId: 'partner-id',
      clientSecret: 'partner-secret',
      timeoutMs: 45_000,
    });
  });

  it('waits DINERO_REQUEST_TIMEOUT_SECONDS for an answer: a write left unanswered is outcome-unknown, a read retryable', async () => {
    const fake = new FakeFetch();
    fake.always('POST', '/authz/token', tokenReply('access-1'));
    fake.always('POST', '/v1/100001/files', { hang: true });
    fake.always('GET', '/v1/100001/vatTypes', { hang: true });
    const moduleRef = await Test.createTestingModule({
      imports: selectProviderModules(['dinero'], [dineroPlugin({ fetch: fake.fetch })], {
        dinero: { ...settings, DINERO_REQUEST_TIMEOUT_SECONDS: '1' },
      }),
    }).compile();
    const connector = moduleRef.get(DineroConnector);
    const connection = { companyId: 'c-1', organizationId: '100001', credentials: { apiKey: 'key-1' } };
    const receipt = {
      fileName: 'bon.pdf',
      contentType: 'application/pdf',
      bytes: new TextEncoder().encode('%PDF-1.4'),
    };

    const started = Date.now();
    const [write, read] = await Promise.allSettled([
      connector.uploadAttachment(connection, receipt),
      connector.listTaxCodes(connection),
    ]);
    const waitedMs = Date.now() - started;
    expect(write).toMatchObject({
      status: 'rejected',
      reason: {
        code: 'unavailable',
        outcomeUnknown: true,
        message: 'Dinero did not answer within 1000 ms when uploading the receipt "bon.pdf" to organization 100001.',
      },
    });
    expect(read).toMatchObject({
      status: 'rejected',
      reason: { code: 'unavailable', retryable: true, outcomeUnknown: false },
    });
    // One second, not the 30 s default (the test would time out long before that).
    expect(waitedMs).toBeGreaterThanOrEqual(950);
    expect(waitedMs).toBeLessThan(4_000);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /v1/100001/vatTypes',
      'POST /authz/token',
      'POST /v1/100001/files',
    ]);
    await moduleRef.close();
  });

  it('fails at start-up without a client id', () => {
    expect(() => dineroPlugin().module({ ...settings, DINERO_CLIENT_ID: '' })).toThrow(/clientId is required/);
  });
});
