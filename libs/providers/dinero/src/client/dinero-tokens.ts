import { createHash } from 'node:crypto';
import { ConnectorError, type ProviderConnection } from '@ledgerbridge/connector-sdk';
import { dineroCredentialsOf, type DineroCredentials } from '../dinero.credentials';
import type { ResolvedDineroOptions } from '../dinero.options';
import { dineroTokenError, dineroUnexpectedAnswer } from './dinero-errors';
import type { DineroHttp } from './dinero-http';

/** The scopes a platform integration asks Visma Connect for; `offline_access` yields the refresh token. */
export const VISMA_CONNECT_SCOPES = 'dineropublicapi:read dineropublicapi:write offline_access';

// Refresh this long before expiry so a token never runs out between the check and Dinero reading it.
const EXPIRY_MARGIN_MS = 60_000;

interface TokenAnswer {
  readonly accessToken: string;
  readonly expiresInMs: number;
  readonly refreshToken?: string;
}

interface CachedToken {
  readonly accessToken: string;
  /** When to stop using the token: shortly before Dinero stops accepting it. */
  readonly refreshAt: number;
  /** Hashes of the credential values this token was obtained with (all refresh tokens of one rotation chain). */
  readonly fingerprints: ReadonlySet<string>;
  /** The newest refresh token of the chain, which may be newer than what the host handed in. */
  readonly refreshToken?: string;
  /** A rotated refresh token the host has not stored yet (its saveCredentials failed). */
  unsaved: boolean;
}

/** What the host stores after a Visma Connect login: credentials in the shape of `DINERO_CREDENTIALS`. */
export interface DineroOAuthGrant {
  readonly credentials: { readonly connectionKind: 'oauth'; readonly refreshToken: string };
}

function fingerprint(kind: string, value: string): string {
  return createHash('sha256').update(`${kind}\u0000${value}`).digest('hex');
}

function credentialFingerprint(credentials: DineroCredentials): string {
  return credentials.kind === 'api_key'
    ? fingerprint('api_key', credentials.apiKey)
    : fingerprint('oauth', credentials.refreshToken);
}

/**
 * Access tokens per organization, in memory only. Concurrent callers for one organization share one
 * in-flight grant, so a one-time refresh token is never spent twice by this process.
 */
export class DineroTokens {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly http: DineroHttp,
    private readonly options: ResolvedDineroOptions,
  ) {}

  /** A valid access token for the connection's organization, obtaining or refreshing one when needed. */
  async accessToken(connection: ProviderConnection): Promise<string> {
    const credentials = dineroCredentialsOf(connection);
    const cached = this.usable(connection.organizationId, credentialFingerprint(credentials));
    if (cached !== undefined && this.options.now() < cached.refreshAt) {
      if (cached.unsaved) await this.save(connection, cached);
      return cached.accessToken;
    }
    const running = this.inFlight.get(connection.organizationId);
    if (running !== undefined) return (await running).accessToken;
    const grant = this.obtain(connection, credentials, cached).finally(() =>
      this.inFlight.delete(connection.organizationId),
    );
    this.inFlight.set(connection.organizationId, grant);
    return (await grant).accessToken;
  }

  /** Forgets `accessToken` after Dinero refused it; a newer token obtained meanwhile is kept. */
  invalidate(organizationId: string, accessToken: string): void {
    const cached = this.cache.get(organizationId);
    if (cached?.accessToken === accessToken) {
      this.cache.set(organizationId, { ...cached, refreshAt: Number.NEGATIVE_INFINITY });
    }
  }

  /** Where to send the user to log in with Visma Connect and pick the Dinero companies to grant. */
  authorizationUrl(params: { readonly redirectUri: string; readonly state: string }): string {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: params.redirectUri,
      scope: VISMA_CONNECT_SCOPES,
      state: params.state,
    });
    return `${this.options.vismaConnectUrl}/connect/authorize?${query.toString()}`;
  }

  /** Exchanges the code from the Visma Connect redirect for the refresh token the host stores. */
  async exchangeCode(params: { readonly code: string; readonly redirectUri: string }): Promise<DineroOAuthGrant> {
    const answer = await this.grant(
      `${this.options.vismaConnectUrl}/connect/token`,
      { grant_type: 'authorization_code', code: params.code, redirect_uri: params.redirectUri },
      'exchanging a Visma Connect login code',
      false, // a code is single-use with no grace period: a repeat could only fail
    );
    if (answer.refreshToken === undefined) {
      throw new ConnectorError(
        'authentication',
        'Visma Connect granted no refresh token; the login must include the offline_access scope.',
      );
    }
    return { credentials: { connectionKind: 'oauth', refreshToken: answer.refreshToken } };
  }

  private usable(organizationId: string, print: string): CachedToken | undefined {
    const cached = this.cache.get(organizationId);
    // A credential outside the cached chain means the company reconnected: the old token must not be used.
    return cached?.fingerprints.has(print) ? cached : undefined;
  }

  private async obtain(
    connection: ProviderConnection,
    credentials: DineroCredentials,
    previous: CachedToken | undefined,
  ): Promise<CachedToken> {
    const organization = connection.organizationId;
    if (credentials.kind === 'api_key') {
      const answer = await this.grant(
        this.options.tokenUrl,
        { grant_type: 'password', scope: 'read write', username: credentials.apiKey, password: credentials.apiKey },
        `getting an access token for organization ${organization} with its API key`,
        true,
      );
      return this.remember(organization, answer, new Set([credentialFingerprint(credentials)]), undefined);
    }
    // Across processes the host's lock serialises refreshes and hands over the refresh token stored right now.
    if (connection.exclusive) {
      return connection.exclusive((stored) => this.refresh(connection, credentials, previous, stored['refreshToken']));
    }
    return this.refresh(connection, credentials, previous, undefined);
  }

  private async refresh(
    connection: ProviderConnection,
    credentials: DineroCredentials & { kind: 'oauth' },
    previous: CachedToken | undefined,
    stored: string | undefined,
  ): Promise<CachedToken> {
    const organization = connection.organizationId;
    // The newest refresh token is spent: one this process rotated but could not store yet, else the stored one
    // (another process may have rotated it meanwhile), else this process's own latest, else what the host handed in.
    const refreshToken =
      (previous?.unsaved ? previous.refreshToken : undefined) ?? stored ?? previous?.refreshToken ?? credentials.refreshToken;
    const answer = await this.grant(
      `${this.options.vismaConnectUrl}/connect/token`,
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      `refreshing the Visma Connect access token for organization ${organization}`,
      true, // Dinero accepts the same one-time refresh token again for 5–60 s, so one quick repeat is safe
    );
    const prints = new Set([...(previous?.fingerprints ?? []), credentialFingerprint(credentials), fingerprint('oauth', refreshToken)]);
    const rotated = answer.refreshToken !== undefined && answer.refreshToken !== refreshToken;
    const latest = answer.refreshToken ?? refreshToken;
    prints.add(fingerprint('oauth', latest));
    const cached = this.remember(organization, answer, prints, latest);
    if (rotated) {
      cached.unsaved = true;
      await this.save(connection, cached);
    }
    return cached;
  }

  private remember(
    organizationId: string,
    answer: TokenAnswer,
    fingerprints: Set<string>,
    refreshToken: string | undefined,
  ): CachedToken {
    const cached: CachedToken = {
      accessToken: answer.accessToken,
      // A very short-lived token is used for half its life rather than never.
      refreshAt: this.options.now() + answer.expiresInMs - Math.min(EXPIRY_MARGIN_MS, answer.expiresInMs / 2),
      fingerprints,
      ...(refreshToken !== undefined && { refreshToken }),
      unsaved: false,
    };
    this.cache.set(organizationId, cached);
    return cached;
  }

  // The rotated token stays cached even when saving fails, so this process can still use it and retry the save.
  private async save(connection: ProviderConnection, cached: CachedToken): Promise<void> {
    const refreshToken = cached.refreshToken;
    if (refreshToken === undefined) return;
    if (connection.saveCredentials === undefined) {
      throw new ConnectorError(
        'unknown',
        `Dinero rotated the refresh token of company ${connection.companyId}, but the host gave no saveCredentials to store it.`,
        { outcomeUnknown: false },
      );
    }
    try {
      await connection.saveCredentials({ ...connection.credentials, connectionKind: 'oauth', refreshToken });
      cached.unsaved = false;
    } catch {
      throw new ConnectorError(
        'unavailable',
        `The rotated Dinero refresh token of company ${connection.companyId} could not be stored; it is kept in memory and saved again on the next call.`,
        { outcomeUnknown: false },
      );
    }
  }

  private async grant(url: string, form: Record<string, string>, action: string, retry: boolean): Promise<TokenAnswer> {
    const basic = Buffer.from(
      `${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`,
    ).toString('base64');
    const answer = await this.http.exchange({
      method: 'POST',
      url,
      headers: {
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams(form).toString(),
      action,
      retry,
    });
    if (answer.status < 200 || answer.status > 299) {
      throw dineroTokenError({ status: answer.status, bodyText: answer.bodyText, action, ...retryAfter(answer) });
    }
    return parseTokenAnswer(answer.bodyText, action, answer.status);
  }
}

function retryAfter(answer: { readonly retryAfterMs?: number }): { retryAfterMs?: number } {
  return answer.retryAfterMs === undefined ? {} : { retryAfterMs: answer.retryAfterMs };
}

function parseTokenAnswer(text: string, action: string, status: number): TokenAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw dineroUnexpectedAnswer(action, status);
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const accessToken = record['access_token'];
  const expiresIn = Number(record['expires_in']);
  const refreshToken = record['refresh_token'];
  if (typeof accessToken !== 'string' || accessToken === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw dineroUnexpectedAnswer(action, status);
  }
  return {
    accessToken,
    expiresInMs: expiresIn * 1000,
    ...(typeof refreshToken === 'string' && refreshToken !== '' && { refreshToken }),
  };
}
