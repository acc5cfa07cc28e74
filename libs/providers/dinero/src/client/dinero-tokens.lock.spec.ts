import type { ProviderConnection } from '@ledgerbridge/connector-sdk';
import { resolveDineroOptions, type FetchFunction } from '../dinero.options';
import { FakeFetch, FakeTime, formOf, testOptions, tokenReply } from '../test-support/fake-fetch';
import { DineroHttp } from './dinero-http';
import { DineroTokens } from './dinero-tokens';

/**
 * The host side of one stored OAuth connection as the SDK promises it: `exclusive` lets one task in at a time,
 * for as long as the task runs (the host renews its Redis lock), and hands it the refresh token stored right now.
 */
function storedConnection(initial: string) {
  const host = { stored: initial, saved: [] as string[], failSaves: 0 };
  let queue: Promise<unknown> = Promise.resolve();
  const connection: ProviderConnection = {
    companyId: 'c-1',
    organizationId: '100001',
    credentials: { connectionKind: 'oauth', refreshToken: initial }, // what this process read at its start
    saveCredentials: async (next) => {
      if (host.failSaves-- > 0) throw new Error('database down');
      host.saved.push(next['refreshToken']!);
      host.stored = next['refreshToken']!;
    },
    exclusive: (task) => {
      const run = queue.then(() => task({ connectionKind: 'oauth', refreshToken: host.stored }));
      queue = run.catch(() => undefined);
      return run;
    },
  };
  return { host, connection };
}

/** Visma Connect answering each refresh token only after `delayMs`, rotating refresh-n to refresh-(n+1). */
function slowTokenEndpoint(delayMs: number) {
  const spent: string[] = [];
  const fetch: FetchFunction = async (_url, init) => {
    const token = Object.fromEntries(new URLSearchParams(String(init.body)))['refresh_token']!;
    spent.push(token);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const n = Number(token.split('-')[1]);
    return new Response(
      JSON.stringify({
        access_token: `access-${n}`,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: `refresh-${n + 1}`,
      }),
    );
  };
  const process = () => {
    const options = resolveDineroOptions(testOptions(new FakeFetch(), new FakeTime(), { fetch, timeoutMs: 5_000 }));
    return new DineroTokens(new DineroHttp(options), options);
  };
  return { spent, process };
}

describe('DineroTokens — one-time refresh tokens under the host lock', () => {
  it('spends each refresh token exactly once when a slow refresh in one process holds off another', async () => {
    const { spent, process } = slowTokenEndpoint(300);
    const { host, connection } = storedConnection('refresh-1');
    const [first, second] = [process(), process()];

    const tokens = await Promise.all([first.accessToken(connection), second.accessToken(connection)]);

    // The second process entered only after the first stored refresh-2, and spent that one, not refresh-1 again.
    expect(spent).toEqual(['refresh-1', 'refresh-2']);
    expect(tokens).toEqual(['access-1', 'access-2']);
    expect(host.saved).toEqual(['refresh-2', 'refresh-3']);
  });

  it('does not repeat a refresh the token endpoint did not answer in time, since it may have been spent', async () => {
    const fake = new FakeFetch();
    const options = resolveDineroOptions(testOptions(fake, new FakeTime(), { timeoutMs: 50 }));
    const tokens = new DineroTokens(new DineroHttp(options), options);
    const { host, connection } = storedConnection('refresh-1');
    fake.on('POST', '/connect/token', { hang: true }, { hang: true });

    await expect(tokens.accessToken(connection)).rejects.toMatchObject({ code: 'unavailable', outcomeUnknown: true });

    expect(fake.requests.map((request) => formOf(request)['refresh_token'])).toEqual(['refresh-1']);
    expect(host.saved).toEqual([]);
  });

  it('stores a rotation whose save failed under the lock later, while the host still holds the token it came from', async () => {
    const fake = new FakeFetch();
    const options = resolveDineroOptions(testOptions(fake, new FakeTime()));
    const tokens = new DineroTokens(new DineroHttp(options), options);
    const { host, connection } = storedConnection('refresh-1');
    host.failSaves = 1;
    fake.on('POST', '/connect/token', tokenReply('access-1', 'refresh-2'));

    await expect(tokens.accessToken(connection)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(tokens.accessToken(connection)).resolves.toBe('access-1');

    expect(host.saved).toEqual(['refresh-2']);
  });

  it('never overwrites a newer rotation another process stored while its own save was pending', async () => {
    const fake = new FakeFetch();
    const options = resolveDineroOptions(testOptions(fake, new FakeTime()));
    const tokens = new DineroTokens(new DineroHttp(options), options);
    const { host, connection } = storedConnection('refresh-1');
    host.failSaves = 1;
    fake.on('POST', '/connect/token', tokenReply('access-1', 'refresh-2'));

    await expect(tokens.accessToken(connection)).rejects.toMatchObject({ code: 'unavailable' });
    host.stored = 'refresh-9'; // another process refreshed and stored its rotation meanwhile
    await expect(tokens.accessToken(connection)).resolves.toBe('access-1');

    expect(host.saved).toEqual([]);
    expect(host.stored).toBe('refresh-9');
  });
});
