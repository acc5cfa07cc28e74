import { Test } from '@nestjs/testing';
import { ConnectorRegistry, ConnectorRegistryModule, selectProviderModules } from '@ledgerbridge/connector-sdk';
import { DineroConnector } from './dinero.connector';
import { DineroModule } from './dinero.module';
import { dineroPlugin } from './index';
import { DINERO_OPTIONS } from './dinero.options';

// What the host's config hands the plugin once it has validated DINERO_SETTINGS.
const settings = {
  DINERO_API_URL: 'https://api.test',
  DINERO_TOKEN_URL: 'https://authz.test/token',
  VISMA_CONNECT_URL: 'https://connect.test',
  DINERO_CLIENT_ID: 'partner-id',
  DINERO_CLIENT_SECRET: 'partner-secret',
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
      tokenUrl: 'https://authz.test/token',
      vismaConnectUrl: 'https://connect.test',
      clientId: 'partner-id',
      clientSecret: 'partner-secret',
    });
  });

  it('fails at start-up without a client id', () => {
    expect(() => dineroPlugin().module({ ...settings, DINERO_CLIENT_ID: '' })).toThrow(/clientId is required/);
  });
});
