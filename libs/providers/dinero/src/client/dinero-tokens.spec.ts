import { ConnectorError, type ProviderConnection } from '@ledgerbridge/connector-sdk';
import { resolveDineroOptions, type FetchFunction } from '../dinero.options';
import { fixture } from '../test-support/dinero-contract';
import { FakeFetch, FakeTime, formOf, TEST_BASIC, testOptions, tokenReply } from '../test-support/fake-fetch';
import { DineroHttp } from './dinero-http';
import { DineroTokens, VISMA_CONNECT_SCOPES } from './dinero-tokens';

const TOKEN_PATH = '/dineroapi/oauth/token';
const CONNECT_TOKEN_PATH = '/connect/token';

function setup() {
  const fake = new FakeFetch();
  const time = new FakeTime();
  const options = resolveDineroOptions(testOptions(fake, time));
  return { fake, time, tokens: new DineroTokens(new DineroHttp(options), options) };
}

function apiKeyConnection(apiKey = 'key-100001'): ProviderConnection {
  return { companyId: 'c-1', organizationId: '100001', credentials: { apiKey } };
}

function oauthConnection(refreshToken: string, saved: Record<string, string>[]): ProviderConnection {
  return {
    companyId: 'c-1',
    organizationId: '100001',
    credentials: { connectionKind: 'oauth', refreshToken },
    saveCredentials: async (next) => {
      saved.push({ ...next });
    },
  };
}

const tokenHeaders = {
  authorization: TEST_BASIC,
  'content-type': 'application/x-www-form-urlencoded',
  accept: 'application/json',
};

describe('DineroTokens — personal integration (API key)', () => {
  it('uses the password grant with HTTP Basic client credentials and the API key as user name and password', async () => {
    const { fake, tokens } = setup();
    fake.on('POST', TOKEN_PATH, { json: fixture('token-personal.json') });

    await expect(tokens.accessToken(apiKeyConnection())).resolves.toBe('personal-access-1');

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect([request!.method, request!.origin, request!.path, request!.query]).toEqual([
      'POST',
      'https://authz.test',
      TOKEN_PATH,
      {},
    ]);
    expect(request!.headers).toEqual(tokenHeaders);
    expect(formOf(request!)).toEqual({
      grant_type: 'password',
      scope: 'read write',
      username: 'key-100001',
      password: 'key-100001',
    });
  });

  it('caches the token per organization until 60 s before it expires', async () => {
    const { fake, time, tokens } = setup();
    fake.on('POST', TOKEN_PATH, tokenReply('a-1'), tokenReply('a-2'));

    expect(await tokens.accessToken(apiKeyConnection())).toBe('a-1');
    time.nowMs += 3_539_000;
    expect(await tokens.accessToken(apiKeyConnection())).toBe('a-1');
    time.nowMs += 1_000;
    expect(await tokens.accessToken(apiKeyConnection())).toBe('a-2');
    expect(fake.requests).toHaveLength(2);
  });

  it('does not reuse a cached token once the company connects with another API key', async () => {
    const { fake, tokens } = setup();
    fake.on('POST', TOKEN_PATH, tokenReply('old-key-token'), tokenReply('new-key-token'));

    await tokens.accessToken(apiKeyConnection('old-key'));
    await expect(tokens.accessToken(apiKeyConnection('new-key'))).resolves.toBe('new-key-token');
    expect(formOf(fake.requests[1]!)['username']).toBe('new-key');
  });

  it('turns a refused API key into an authentication error without the key in it', async () => {
    const { fake, tokens } = setup();
    fake.on('POST', TOKEN_PATH, {
      status: 400,
      json: { error: 'invalid_grant', error_description: 'Unknown API key.' },
    });

    const error = await tokens.accessToken(apiKeyConnection('secret-key')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe('authentication');
    expect(JSON.stringify((error as ConnectorError).toJSON())).not.toMatch(/secret-key|partner-secret|Basic/);
  });
});

describe('DineroTokens — Visma Connect OAuth2', () => {
  it('builds the authorize URL with the platform scopes and state', () => {
    const { tokens } = setup();
    const url = new URL(tokens.authorizationUrl({ redirectUri: 'https://app.test/dinero/callback', state: 'st-1' }));
    expect(url.origin + url.pathname).toBe('https://connect.test/connect/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'partner-id',
      redirect_uri: 'https://app.test/dinero/callback',
      scope: 'dineropublicapi:read dineropublicapi:write offline_access',
      state: 'st-1',
    });
    expect(VISMA_CONNECT_SCOPES.split(' ')).toContain('offline_access');
  });

  it('exchanges a code for credentials in the shape of the credential schema', async () => {
    const { fake, tokens } = setup();
    fake.on('POST', CONNECT_TOKEN_PATH, { json: fixture('token-visma-connect.json') });

    const grant = await tokens.exchangeCode({ code: 'code-1', redirectUri: 'https://app.test/dinero/callback' });

    expect(grant).toEqual({ credentials: { connectionKind: 'oauth', refreshToken: 'refresh-2' } });
    const [request] = fake.requests;
    expect([request!.method, request!.origin + request!.path]).toEqual(['POST', 'https://connect.test/connect/token']);
    expect(request!.headers).toEqual(tokenHeaders);
    expect(formOf(request!)).toEqual({
      grant_type: 'authorization_code',
      code: 'code-1',
      redirect_uri: 'https://app.test/dinero/callback',
    });
  });

  it('refuses a login without offline_access, which gives no refresh token', async () => {
    const { fake, tokens } = setup();
    fake.on('POST', CONNECT_TOKEN_PATH, tokenReply('only-access'));
    await expect(tokens.exchangeCode({ code: 'c', redirectUri: 'https://app.test/cb' })).rejects.toMatchObject({
      code: 'authentication',
      message: expect.stringContaining('offline_access'),
    });
  });

  it('does not repeat a code exchange, since a code works once', async () => {
    const { fake, tokens } = setup();
    fake.on('POST', CONNECT_TOKEN_PATH, { status: 503, text: 'down' });
    await expect(tokens.exchangeCode({ code: 'c', redirectUri: 'https://app.test/cb' })).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('refreshes with the refresh token and hands the rotated one to saveCredentials', async () => {
    const { fake, tokens } = setup();
    const saved: Record<string, string>[] = [];
    fake.on('POST', CONNECT_TOKEN_PATH, { json: fixture('token-visma-connect.json') });

    await expect(tokens.accessToken(oauthConnection('refresh-1', saved))).resolves.toBe('connect-access-1');

    expect(formOf(fake.requests[0]!)).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
    expect(fake.requests[0]!.headers).toEqual(tokenHeaders);
    expect(saved).toEqual([{ connectionKind: 'oauth', refreshToken: 'refresh-2' }]);
  });

  it('spends the newest refresh token of the chain even when the host still hands in the old one', async () => {
    const { fake, time, tokens } = setup();
    const saved: Record<string, string>[] = [];
    fake.on('POST', CONNECT_TOKEN_PATH, tokenReply('access-1', 'refresh-2'), tokenReply('access-2', 'refresh-3'));

    await tokens.accessToken(oauthConnection('refresh-1', saved));
    time.nowMs += 3_600_000;
    await expect(tokens.accessToken(oauthConnection('refresh-1', saved))).resolves.toBe('access-2');

    expect(fake.requests.map((request) => formOf(request)['refresh_token'])).toEqual(['refresh-1', 'refresh-2']);
    expect(saved.map((next) => next['refreshToken'])).toEqual(['refresh-2', 'refresh-3']);
  });

  it('shares one refresh among concurrent requests, so a one-time token is spent once', async () => {
    const { fake, tokens } = setup();
    const saved: Record<string, string>[] = [];
    fake.on('POST', CONNECT_TOKEN_PATH, tokenReply('access-1', 'refresh-2'));
    const connection = oauthConnection('refresh-1', saved);

    const results = await Promise.all(Array.from({ length: 5 }, () => tokens.accessToken(connection)));

    expect(results).toEqual(Array(5).fill('access-1'));
    expect(fake.requests).toHaveLength(1);
    expect(saved).toHaveLength(1);
  });

  it('sends a refresh that got no answer once, leaving the repeat to the queue within Dinero’s grace period', async () => {
    const { fake, tokens } = setup();
    const saved: Record<string, string>[] = [];
    fake.on('POST', CONNECT_TOKEN_PATH, { networkError: true }, tokenReply('access-1', 'refresh-2'));

    await expect(tokens.accessToken(oauthConnection('refresh-1', saved))).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
    expect(fake.requests).toHaveLength(1);
    await expect(tokens.accessToken(oauthConnection('refresh-1', saved))).resolves.toBe('access-1');
    expect(fake.requests.map((request) => formOf(request)['refresh_token'])).toEqual(['refresh-1', 'refresh-1']);
  });

  it('keeps a rotated token whose save failed, and saves it again on the next call', async () => {
    const { fake, tokens } = setup();
    const saved: string[] = [];
    let failures = 1;
    const connection: ProviderConnection = {
      companyId: 'c-1',
      organizationId: '100001',
      credentials: { refreshToken: 'refresh-1' },
      saveCredentials: async (next) => {
        if (failures-- > 0) throw new Error('database down');
        saved.push(next['refreshToken']!);
      },
    };
    fake.on('POST', CONNECT_TOKEN_PATH, tokenReply('access-1', 'refresh-2'));

    await expect(tokens.accessToken(connection)).rejects.toMatchObject({ code: 'unavailable', outcomeUnknown: false });
    await expect(tokens.accessToken(connection)).resolves.toBe('access-1');
    expect(saved).toEqual(['refresh-2']);
    expect(fake.requests).toHaveLength(1);
  });

  it('refreshes inside the host lock with the refresh token stored now, since another process may have rotated it', async () => {
    const { fake, tokens } = setup();
    const events: string[] = [];
    let stored = 'refresh-7'; // another process already rotated refresh-1 → … → refresh-7
    const connection: ProviderConnection = {
      companyId: 'c-1',
      organizationId: '100001',
      credentials: { refreshToken: 'refresh-1' },
      saveCredentials: async (next) => {
        events.push(`save ${next['refreshToken']}`);
        stored = next['refreshToken']!;
      },
      exclusive: async (task) => {
        events.push('lock');
        try {
          return await task({ connectionKind: 'oauth', refreshToken: stored });
        } finally {
          events.push('unlock');
        }
      },
    };
    fake.on('POST', CONNECT_TOKEN_PATH, tokenReply('access-8', 'refresh-8'));

    await expect(tokens.accessToken(connection)).resolves.toBe('access-8');

    expect(fake.requests.map((request) => formOf(request)['refresh_token'])).toEqual(['refresh-7']);
    expect(events).toEqual(['lock', 'save refresh-8', 'unlock']);
    expect(stored).toBe('refresh-8');
  });

  it('refuses to rotate silently when the host gave no saveCredentials', async () => {
    const { fake, tokens } = setup();
    fake.on('POST', CONNECT_TOKEN_PATH, tokenReply('access-1', 'refresh-2'));
    const connection: ProviderConnection = {
      companyId: 'c-1',
      organizationId: '100001',
      credentials: { refreshToken: 'r-1' },
    };
    await expect(tokens.accessToken(connection)).rejects.toMatchObject({
      message: expect.stringContaining('saveCredentials'),
    });
  });

  it('needs no save when the refresh token is reusable (the same one comes back)', async () => {
    const { fake, tokens } = setup();
    const saved: Record<string, string>[] = [];
    fake.on('POST', CONNECT_TOKEN_PATH, tokenReply('access-1', 'refresh-1'));
    await expect(tokens.accessToken(oauthConnection('refresh-1', saved))).resolves.toBe('access-1');
    expect(saved).toEqual([]);
  });

  it('reports an expired or spent refresh token as an authentication error', async () => {
    const { fake, tokens } = setup();
    fake.on('POST', CONNECT_TOKEN_PATH, { status: 400, json: fixture('oauth-invalid-grant.json') });
    await expect(tokens.accessToken(oauthConnection('refresh-1', []))).rejects.toMatchObject({
      code: 'authentication',
      providerCode: 'invalid_grant',
    });
  });

  it('treats an unreadable token answer as unknown', async () => {
    const { fake, tokens } = setup();
    fake.on('POST', TOKEN_PATH, { text: '<html>login</html>' });
    await expect(tokens.accessToken(apiKeyConnection())).rejects.toMatchObject({ code: 'unknown' });
  });
});

/** A token endpoint answering per secret (API key or refresh token) a little later, so concurrent grants overlap. */
function perSecretTokenEndpoint(tokens: Record<string, string>) {
  const spent: string[] = [];
  const fetch: FetchFunction = async (_url, init) => {
    const form = Object.fromEntries(new URLSearchParams(String(init.body)));
    const secret = form['username'] ?? form['refresh_token'] ?? '';
    const nth = spent.push(secret);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const token = tokens[secret];
    return token === undefined
      ? new Response(JSON.stringify({ error: 'invalid_grant', error_description: 'Unknown API key.' }), { status: 400 })
      : new Response(JSON.stringify({ access_token: `${token}-${nth}`, token_type: 'Bearer', expires_in: 3600 }));
  };
  const options = resolveDineroOptions(testOptions(new FakeFetch(), new FakeTime(), { fetch }));
  return { spent, tokens: new DineroTokens(new DineroHttp(options), options) };
}

function companyOn100001(companyId: string, credentials: Record<string, string>): ProviderConnection {
  return { companyId, organizationId: '100001', credentials, saveCredentials: async () => undefined };
}

describe('DineroTokens — two companies on one Dinero organization', () => {
  it('fails a wrong API key sent at the same moment as another company’s good one, and neither gets the other’s token', async () => {
    const { spent, tokens } = perSecretTokenEndpoint({ 'good-key': 'good' });

    const [good, bad] = await Promise.allSettled([
      tokens.accessToken(companyOn100001('c-good', { apiKey: 'good-key' })),
      tokens.accessToken(companyOn100001('c-bad', { apiKey: 'bad-key' })),
    ]);

    expect(good).toEqual({ status: 'fulfilled', value: 'good-1' });
    expect(bad.status).toBe('rejected');
    const error = (bad as PromiseRejectedResult).reason as unknown;
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe('authentication');
    expect([...spent].sort()).toEqual(['bad-key', 'good-key']);
    // The good company's cached token is not offered to the bad key afterwards either.
    await expect(tokens.accessToken(companyOn100001('c-bad', { apiKey: 'bad-key' }))).rejects.toMatchObject({
      code: 'authentication',
    });
  });

  it('never hands one company the token another obtained, even with the same API key', async () => {
    const { spent, tokens } = perSecretTokenEndpoint({ 'shared-key': 'shared' });

    expect(await tokens.accessToken(companyOn100001('c-1', { apiKey: 'shared-key' }))).toBe('shared-1');
    expect(await tokens.accessToken(companyOn100001('c-2', { apiKey: 'shared-key' }))).toBe('shared-2');
    expect(spent).toHaveLength(2);
  });

  it('keeps each company’s token cached side by side instead of one evicting the other', async () => {
    const { spent, tokens } = perSecretTokenEndpoint({ 'key-a': 'a', 'key-b': 'b' });
    const a = companyOn100001('c-a', { apiKey: 'key-a' });
    const b = companyOn100001('c-b', { apiKey: 'key-b' });

    const seen = [];
    for (const connection of [a, b, a, b]) seen.push(await tokens.accessToken(connection));

    expect(seen).toEqual(['a-1', 'b-2', 'a-1', 'b-2']);
    expect(spent).toEqual(['key-a', 'key-b']);
  });

  it('spends each company’s own refresh token when both refresh at once', async () => {
    const { spent, tokens } = perSecretTokenEndpoint({ 'refresh-a': 'a', 'refresh-b': 'b' });

    const results = await Promise.all([
      tokens.accessToken(companyOn100001('c-a', { refreshToken: 'refresh-a' })),
      tokens.accessToken(companyOn100001('c-b', { refreshToken: 'refresh-b' })),
    ]);

    expect(results.map((token) => token.slice(0, 1))).toEqual(['a', 'b']);
    expect([...spent].sort()).toEqual(['refresh-a', 'refresh-b']);
  });

  it('forgets after a 401 only the token of the connection that got it', async () => {
    const { spent, tokens } = perSecretTokenEndpoint({ 'key-a': 'a', 'key-b': 'b' });
    const a = companyOn100001('c-a', { apiKey: 'key-a' });
    const b = companyOn100001('c-b', { apiKey: 'key-b' });
    const tokenA = await tokens.accessToken(a);
    const tokenB = await tokens.accessToken(b);

    tokens.invalidate(b, tokenA); // not b's token: nothing happens
    expect([await tokens.accessToken(a), await tokens.accessToken(b)]).toEqual([tokenA, tokenB]);
    tokens.invalidate(a, tokenA);

    expect(await tokens.accessToken(b)).toBe(tokenB);
    expect(await tokens.accessToken(a)).toBe('a-3');
    expect(spent).toEqual(['key-a', 'key-b', 'key-a']);
  });

  it('recognises a connection by any recent refresh token of its chain, so a rotation never causes a second spend', async () => {
    const { fake, time, tokens } = setup();
    const saved: Record<string, string>[] = [];
    fake.on('POST', CONNECT_TOKEN_PATH, tokenReply('access-1', 'refresh-2'), tokenReply('access-2', 'refresh-3'));
    await tokens.accessToken(oauthConnection('refresh-1', saved));
    expect(await tokens.accessToken(oauthConnection('refresh-2', saved))).toBe('access-1');

    time.nowMs += 3_600_000;
    const results = await Promise.all([
      tokens.accessToken(oauthConnection('refresh-1', saved)),
      tokens.accessToken(oauthConnection('refresh-2', saved)),
    ]);

    expect(results).toEqual(['access-2', 'access-2']);
    expect(fake.requests.map((request) => formOf(request)['refresh_token'])).toEqual(['refresh-1', 'refresh-2']);
  });
});
