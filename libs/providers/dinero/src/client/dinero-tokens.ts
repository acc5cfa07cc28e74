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
// The host hands in the stored refresh token or one just before it; older links of a chain need not be recognised.
const CHAIN_PRINTS_KEPT = 8;

interface TokenAnswer {
  readonly accessToken: string;
  readonly expiresInMs: number;
  readonly refreshToken?: string;
}

interface CachedToken {
  readonly accessToken: string;
  /** When to stop using the token: shortly before Dinero stops accepting it (or at once after a 401). */
  refreshAt: number;
  /** The connection this token belongs to: the fingerprint its chain started with, stable across rotations. */
  readonly chain: string;
  /** Fingerprints of the credentials this token was obtained with (the latest refresh tokens of its chain). */
  readonly fingerprints: readonly string[];
  /** The newest refresh token of the chain, which may be newer than what the host handed in. */
  readonly refreshToken?: string;
  /** The refresh token exchanged for `refreshToken`: while the host still stores it, no one else has rotated since. */
  readonly spent?: string;
  /** A rotated refresh token the host has not stored yet (its saveCredentials failed). */
  unsaved: boolean;
}

/** What the host stores after a Visma Connect login: credentials in the shape of `DINERO_CREDENTIALS`. */
export interface DineroOAuthGrant {
  readonly credentials: { readonly connectionKind: 'oauth'; readonly refreshToken: string };
}

// Scoped to the company and organization as well, so two companies never share a token, even with one secret.
function fingerprint(connection: ProviderConnection, kind: string, value: string): string {
  return createHash('sha256')
    .update([connection.companyId, connection.organizationId, kind, value].join('\u0000'))
    .digest('hex');
}

function credentialFingerprint(connection: ProviderConnection, credentials: DineroCredentials): string {
  return credentials.kind === 'api_key'
    ? fingerprint(connection, 'api_key', credentials.apiKey)
    : fingerprint(connection, 'oauth', credentials.refreshToken);
}

/**
 * Access tokens per connection (a fingerprint of its credentials, never the organization alone), in memory only.
 * Concurrent callers of one connection share one in-flight grant, so a one-time refresh token is never spent twice
 * by this process; an OAuth connection keeps its identity across rotations through its chain of fingerprints.
 */
export class DineroTokens {
  /** Every fingerprint of a chain points at the chain's current token. */
  private readonly cache = new Map<string, CachedToken>();
  /** Keyed by chain, so a caller holding an older refresh token of the chain joins the same grant. */
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly http: DineroHttp,
    private readonly options: ResolvedDineroOptions,
  ) {}

  /** A valid access token for this connection, obtaining or refreshing one when needed. */
  async accessToken(connection: ProviderConnection): Promise<string> {
    const credentials = dineroCredentialsOf(connection);
    const print = credentialFingerprint(connection, credentials);
    // A credential outside every cached chain means a new connection (or a reconnect): no cached token applies.
    const cached = this.cache.get(print);
    if (cached !== undefined && this.options.now() < cached.refreshAt) {
      if (cached.unsaved) await this.saveRotation(connection, cached);
      return cached.accessToken;
    }
    const chain = cached?.chain ?? print;
    const running = this.inFlight.get(chain);
    if (running !== undefined) return (await running).accessToken;
    const grant = this.obtain(connection, credentials, cached, chain).finally(() => this.inFlight.delete(chain));
    this.inFlight.set(chain, grant);
    return (await grant).accessToken;
  }

  /** Forgets this connection's `accessToken` after Dinero refused it; a newer token obtained meanwhile is kept. */
  invalidate(connection: ProviderConnection, accessToken: string): void {
    const cached = this.cache.get(credentialFingerprint(connection, dineroCredentialsOf(connection)));
    if (cached?.accessToken === accessToken) cached.refreshAt = Number.NEGATIVE_INFINITY;
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
    );
    if (answer.refreshToken === undefined) {
      throw new ConnectorError(
        'authentication',
        'Visma Connect granted no refresh token; the login must include the offline_access scope.',
      );
    }
    return { credentials: { connectionKind: 'oauth', refreshToken: answer.refreshToken } };
  }

  private async obtain(
    connection: ProviderConnection,
    credentials: DineroCredentials,
    previous: CachedToken | undefined,
    chain: string,
  ): Promise<CachedToken> {
    const organization = connection.organizationId;
    if (credentials.kind === 'api_key') {
      const answer = await this.grant(
        this.options.tokenUrl,
        { grant_type: 'password', scope: 'read write', username: credentials.apiKey, password: credentials.apiKey },
        `getting an access token for organization ${organization} with its API key`,
      );
      return this.remember(answer, chain, [credentialFingerprint(connection, credentials)], undefined);
    }
    // Across processes the host's lock serialises refreshes and hands over the refresh token stored right now.
    if (connection.exclusive) {
      return connection.exclusive((stored) =>
        this.refresh(connection, credentials, previous, chain, stored['refreshToken']),
      );
    }
    return this.refresh(connection, credentials, previous, chain, undefined);
  }

  private async refresh(
    connection: ProviderConnection,
    credentials: DineroCredentials & { kind: 'oauth' },
    previous: CachedToken | undefined,
    chain: string,
    stored: string | undefined,
  ): Promise<CachedToken> {
    const organization = connection.organizationId;
    // The newest refresh token is spent: one this process rotated but could not store yet, else the stored one
    // (another process may have rotated it meanwhile), else this process's own latest, else what the host handed in.
    const unsaved = previous?.unsaved && stillOurs(previous, stored) ? previous.refreshToken : undefined;
    const refreshToken = unsaved ?? stored ?? previous?.refreshToken ?? credentials.refreshToken;
    const answer = await this.grant(
      `${this.options.vismaConnectUrl}/connect/token`,
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      `refreshing the Visma Connect access token for organization ${organization}`,
      // A refresh sent without an answer may have spent the one-time token: its outcome is unknown.
      { spends: true },
    );
    const rotated = answer.refreshToken !== undefined && answer.refreshToken !== refreshToken;
    const latest = answer.refreshToken ?? refreshToken;
    const prints = [
      ...(previous?.fingerprints ?? []),
      credentialFingerprint(connection, credentials),
      fingerprint(connection, 'oauth', refreshToken),
      fingerprint(connection, 'oauth', latest),
    ];
    // Recorded before the save, so a caller holding the rotated token once it is stored finds this chain.
    const cached = this.remember(answer, chain, prints, latest, refreshToken);
    if (rotated) {
      cached.unsaved = true;
      await this.save(connection, cached);
    }
    return cached;
  }

  private remember(
    answer: TokenAnswer,
    chain: string,
    prints: readonly string[],
    refreshToken: string | undefined,
    spent?: string,
  ): CachedToken {
    const unique = [...new Set(prints.slice().reverse())].reverse();
    const kept = unique.slice(-CHAIN_PRINTS_KEPT);
    const cached: CachedToken = {
      accessToken: answer.accessToken,
      // A very short-lived token is used for half its life rather than never.
      refreshAt: this.options.now() + answer.expiresInMs - Math.min(EXPIRY_MARGIN_MS, answer.expiresInMs / 2),
      chain,
      fingerprints: kept,
      ...(refreshToken !== undefined && { refreshToken }),
      ...(spent !== undefined && { spent }),
      unsaved: false,
    };
    for (const dropped of unique.slice(0, -CHAIN_PRINTS_KEPT)) {
      if (this.cache.get(dropped)?.chain === chain) this.cache.delete(dropped);
    }
    for (const print of kept) this.cache.set(print, cached);
    return cached;
  }

  // A rotation whose save failed is stored later under the host's lock, unless another holder stored a newer one since.
  private async saveRotation(connection: ProviderConnection, cached: CachedToken): Promise<void> {
    if (connection.exclusive === undefined) return this.save(connection, cached);
    await connection.exclusive(async (stored) => {
      if (stillOurs(cached, stored['refreshToken'])) await this.save(connection, cached);
      else cached.unsaved = false; // the stored token is newer than ours: the next refresh spends that one
    });
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

  private async grant(
    url: string,
    form: Record<string, string>,
    action: string,
    { spends = false }: { readonly spends?: boolean } = {},
  ): Promise<TokenAnswer> {
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
      changes: spends,
    });
    if (answer.status < 200 || answer.status > 299) {
      throw dineroTokenError({ status: answer.status, bodyText: answer.bodyText, action, ...retryAfter(answer) });
    }
    return parseTokenAnswer(answer.bodyText, action, answer.status);
  }
}

/** Whether the host's stored refresh token is still the one this rotation came from (or the rotation itself). */
function stillOurs(cached: CachedToken, stored: string | undefined): boolean {
  return stored === undefined || stored === cached.spent || stored === cached.refreshToken;
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
