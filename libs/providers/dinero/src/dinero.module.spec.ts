import { Test } from '@nestjs/testing';
import { ConnectorRegistry, ConnectorRegistryModule, selectProviderModules } from '@ledgerbridge/connector-sdk';
import { DineroConnector } from './dinero.connector';
import { DineroModule } from './dinero.module';
import { dineroPlugin } from './index';
import type { DineroOptions } from './dinero.options';

const options: DineroOptions = { clientId: 'partner-id', clientSecret: 'partner-secret', apiUrl: 'https://api.test' };

describe('DineroModule and dineroPlugin', () => {
  it('registers the connector under "dinero" with its rate limit, passing the registry’s start-up checks', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConnectorRegistryModule, ...selectProviderModules(['dinero'], [dineroPlugin(() => options)])],
    }).compile();
    await moduleRef.init();

    const registry = moduleRef.get(ConnectorRegistry);
    expect(registry.keys()).toEqual(['dinero']);
    expect(registry.get('dinero')).toBeInstanceOf(DineroConnector);
    expect(registry.rateLimitOf('dinero')).toEqual({ requests: 90, perMs: 60_000 });
    await moduleRef.close();
  });

  it('reads its options only when mounted, and fails at start-up without a client id', () => {
    let reads = 0;
    const plugin = dineroPlugin(() => {
      reads += 1;
      return { clientId: '', clientSecret: 'secret' };
    });
    expect(reads).toBe(0);
    expect(() => plugin.module()).toThrow(/clientId is required/);
    expect(reads).toBe(1);
  });

  it('accepts the options directly too', () => {
    expect(dineroPlugin(options).module()).toMatchObject({ module: DineroModule, exports: [DineroConnector] });
  });
});
