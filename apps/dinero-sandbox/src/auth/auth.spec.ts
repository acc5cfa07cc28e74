import {
  CLIENT_ID,
  CLIENT_SECRET,
  expectDineroError,
  FREE_KEY,
  FREE_ORG,
  PRO_ORG,
  SandboxHarness,
} from '../test-support/sandbox.harness';

const REDIRECT = 'https://app.example.test/dinero/callback';

describe('Dinero auth: personal integration and Visma Connect', () => {
  let sandbox: SandboxHarness;
  beforeAll(async () => {
    sandbox = await SandboxHarness.start({ tokenLifetimeMs: 60_000, refreshGraceMs: 10_000 });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.state.reset());

  async function authorizeCode(scope: string, organizations: number[]): Promise<string> {
    const response = await sandbox.http.get('/connect/authorize').query({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      scope,
      state: 'xyz',
      organizations: organizations.join(','),
      consent: 'yes',
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers['location'] as string);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('xyz');
    return location.searchParams.get('code')!;
  }

  function connectToken(form: Record<string, string>) {
    return sandbox.http.post('/connect/token').auth(CLIENT_ID, CLIENT_SECRET).type('form').send(form);
  }

  describe('personal integration (password grant)', () => {
    it('issues a bearer token that reaches only its organization', async () => {
      const token = await sandbox.token();
      const organizations = await sandbox.dinero('GET', '/v1/organizations', {
        token,
        projection: { schema: 'OrganizationReadModel', fields: ['id', 'name', 'isPro'] },
      });
      expect(organizations.body).toEqual([{ Id: PRO_ORG, Name: 'Demo Rejser ApS', IsPro: true }]);
      expectDineroError(
        await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token, params: { organizationId: FREE_ORG } }),
        403,
        41,
      );
    });

    it('refuses a wrong client secret, an unknown API key and a user name that is not the password', async () => {
      const wrongSecret = await sandbox.http
        .post('/dineroapi/oauth/token')
        .auth(CLIENT_ID, 'nope')
        .type('form')
        .send({ grant_type: 'password', username: 'sandbox-api-key-pro', password: 'sandbox-api-key-pro' });
      expect([wrongSecret.status, wrongSecret.body.error]).toEqual([401, 'invalid_client']);
      const unknownKey = await sandbox.http
        .post('/dineroapi/oauth/token')
        .auth(CLIENT_ID, CLIENT_SECRET)
        .type('form')
        .send({ grant_type: 'password', username: 'nope', password: 'nope' });
      expect([unknownKey.status, unknownKey.body.error]).toEqual([400, 'invalid_grant']);
      const mismatch = await sandbox.http
        .post('/dineroapi/oauth/token')
        .auth(CLIENT_ID, CLIENT_SECRET)
        .type('form')
        .send({ grant_type: 'password', username: 'sandbox-api-key-pro', password: 'other' });
      expect(mismatch.status).toBe(400);
    });

    it('answers 401 once the token has expired, and a new token works again', async () => {
      const token = await sandbox.token();
      expect((await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token })).status).toBe(200);
      sandbox.clock.advance(60_000);
      const expired = await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token });
      expectDineroError(expired, 401, 41);
      expect(expired.headers['www-authenticate']).toContain('invalid_token');
      expect(
        (await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token: await sandbox.token() })).status,
      ).toBe(200);
    });

    it('answers 401 without a token or with a made-up one', async () => {
      expectDineroError(await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes'), 401, 41);
      expectDineroError(await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token: 'made-up' }), 401, 41);
    });

    it('lets an unpaid organization list organizations but refuses every other call with 403', async () => {
      const token = await sandbox.token(FREE_KEY);
      const list = await sandbox.dinero('GET', '/v1/organizations', {
        token,
        query: { fields: 'Id,Name,IsPro,IsPayingPro,IsVatFree,IsTaxFreeUnion' },
      });
      expect(list.body).toEqual([expect.objectContaining({ Id: FREE_ORG, IsPro: false, IsPayingPro: false })]);
      expectDineroError(
        await sandbox.dinero('GET', '/v1/{organizationId}/accounts/entry', {
          token,
          params: { organizationId: FREE_ORG },
        }),
        403,
        90,
      );
    });

    it('refuses writes to a read-only token', async () => {
      const token = await sandbox.token(undefined, 'read');
      expect((await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token })).status).toBe(200);
      const write = await sandbox.dinero('POST', '/v1/{organizationId}/accounts/deposit', {
        token,
        body: { Number: 55500, Name: 'X' },
      });
      expectDineroError(write, 403, 41);
    });
  });

  describe('Visma Connect (authorization code)', () => {
    it('shows a consent page that lists the organizations and posts the choice back', async () => {
      const page = await sandbox.http
        .get('/connect/authorize')
        .query({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT, scope: 'dineropublicapi:read' });
      expect(page.status).toBe(200);
      expect(page.text).toContain('Demo Rejser ApS');
      expect(page.text).toContain('action="/connect/authorize"');
      const consent = await sandbox.http
        .post('/connect/authorize')
        .type('form')
        .send(
          `response_type=code&client_id=${CLIENT_ID}&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=dineropublicapi%3Aread&organizations=${PRO_ORG}&consent=yes`,
        );
      expect(consent.status).toBe(302);
      expect(new URL(consent.headers['location'] as string).searchParams.get('code')).toBeTruthy();
    });

    it('exchanges a code once for tokens that reach exactly the granted organizations', async () => {
      const code = await authorizeCode('dineropublicapi:read dineropublicapi:write offline_access', [
        PRO_ORG,
        FREE_ORG,
      ]);
      const tokens = await connectToken({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
      expect(tokens.status).toBe(200);
      expect(tokens.body).toEqual(
        expect.objectContaining({ token_type: 'Bearer', expires_in: 60, refresh_token: expect.any(String) }),
      );
      const list = await sandbox.dinero('GET', '/v1.1/organizations', { token: tokens.body.access_token });
      expect(list.body.map((o: { Id: number }) => o.Id)).toEqual([PRO_ORG, FREE_ORG]);
      const again = await connectToken({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
      expect([again.status, again.body.error]).toEqual([400, 'invalid_grant']);
    });

    it('gives no refresh token without offline_access', async () => {
      const code = await authorizeCode('dineropublicapi:read', [PRO_ORG]);
      const tokens = await connectToken({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
      expect(tokens.body.refresh_token).toBeUndefined();
    });

    it('rotates one-time refresh tokens and allows a second exchange only within the grace period', async () => {
      const code = await authorizeCode('dineropublicapi:read offline_access', [PRO_ORG]);
      const first = await connectToken({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
      const refresh = first.body.refresh_token as string;
      sandbox.clock.advance(60_000);
      expectDineroError(
        await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token: first.body.access_token }),
        401,
        41,
      );

      const rotated = await connectToken({ grant_type: 'refresh_token', refresh_token: refresh });
      expect(rotated.status).toBe(200);
      expect(rotated.body.refresh_token).not.toBe(refresh);
      expect(
        (await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token: rotated.body.access_token })).status,
      ).toBe(200);

      sandbox.clock.advance(9_000);
      const concurrent = await connectToken({ grant_type: 'refresh_token', refresh_token: refresh });
      expect(concurrent.status).toBe(200);

      sandbox.clock.advance(2_000);
      const late = await connectToken({ grant_type: 'refresh_token', refresh_token: refresh });
      expect([late.status, late.body.error]).toEqual([400, 'invalid_grant']);
      expect(
        (await connectToken({ grant_type: 'refresh_token', refresh_token: rotated.body.refresh_token })).status,
      ).toBe(200);
    });

    it('refuses a code for another redirect_uri and an unknown client', async () => {
      const code = await authorizeCode('dineropublicapi:read', [PRO_ORG]);
      const wrongRedirect = await connectToken({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'https://evil.test/cb',
      });
      expect(wrongRedirect.body.error).toBe('invalid_grant');
      const unknown = await sandbox.http
        .post('/connect/token')
        .auth('nobody', 'x')
        .type('form')
        .send({ grant_type: 'refresh_token', refresh_token: 'x' });
      expect([unknown.status, unknown.body.error]).toEqual([401, 'invalid_client']);
    });
  });
});
