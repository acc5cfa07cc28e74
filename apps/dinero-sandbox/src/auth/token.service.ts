import { Inject, Injectable } from '@nestjs/common';
import { DineroErrors, OAuthError } from '../core/dinero.errors';
import { SANDBOX_OPTIONS, RunningOptions } from '../config/sandbox.tokens';
import { AccessToken, Grant, Integration, opaqueToken } from '../state/auth.store';
import { SandboxState } from '../state/sandbox.state';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

export interface Caller {
  clientId: string;
  organizationId: number | null;
  token: AccessToken;
}

export type Form = Record<string, string | undefined>;

const AUTH_CODE_LIFETIME_MS = 5 * 60_000;

function scopesOf(raw: string | undefined, fallback: string): string[] {
  return (raw && raw.trim() !== '' ? raw : fallback).split(/\s+/).filter((scope) => scope !== '');
}

// Personal integrations say "read write"; Visma Connect says "dineropublicapi:read" and so on.
export function allows(scopes: string[], need: 'read' | 'write'): boolean {
  return scopes.includes(need) || scopes.includes(`dineropublicapi:${need}`);
}

@Injectable()
export class TokenService {
  constructor(
    private readonly state: SandboxState,
    @Inject(SANDBOX_OPTIONS) private readonly options: RunningOptions,
  ) {}

  // Client authentication: HTTP Basic, or client_id/client_secret in the form as RFC 6749 also allows.
  authenticateClient(authorization: string | undefined, form: Form): Integration {
    let clientId = form['client_id'];
    let clientSecret = form['client_secret'];
    if (authorization?.toLowerCase().startsWith('basic ')) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const integration = clientId ? this.state.auth.integrations.get(clientId) : undefined;
    if (!integration || integration.clientSecret !== clientSecret) {
      throw new OAuthError(401, 'invalid_client', 'Unknown client or wrong secret.');
    }
    return integration;
  }

  private issue(source: Grant, withRefresh: boolean): TokenResponse {
    const grant: Grant = {
      clientId: source.clientId,
      organizationIds: [...source.organizationIds],
      scopes: [...source.scopes],
    };
    const access = this.state.auth.issueAccessToken(grant, this.options.now() + this.options.tokenLifetimeMs);
    const response: TokenResponse = {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: Math.round(this.options.tokenLifetimeMs / 1000),
      scope: grant.scopes.join(' '),
    };
    if (withRefresh) response.refresh_token = this.state.auth.issueRefreshToken(grant).token;
    return response;
  }

  passwordGrant(authorization: string | undefined, form: Form): TokenResponse {
    const integration = this.authenticateClient(authorization, form);
    if (form['grant_type'] !== 'password')
      throw new OAuthError(400, 'unsupported_grant_type', 'Use grant_type=password.');
    const apiKey = form['username'] ? this.state.auth.apiKeys.get(form['username']) : undefined;
    // Dinero expects the API key as both user name and password.
    if (!apiKey || form['password'] !== form['username'])
      throw new OAuthError(400, 'invalid_grant', 'Unknown API key.');
    if (apiKey.clientId !== null && apiKey.clientId !== integration.clientId) {
      throw new OAuthError(400, 'invalid_grant', 'The API key belongs to another integration.');
    }
    const scopes = scopesOf(form['scope'], 'read write');
    return this.issue({ clientId: integration.clientId, organizationIds: [apiKey.organizationId], scopes }, false);
  }

  // The consent step of the authorize page: records which organizations the user granted.
  grantCode(clientId: string, redirectUri: string, scope: string | undefined, organizationIds: number[]): string {
    const integration = this.state.auth.integrations.get(clientId);
    if (!integration) throw new OAuthError(400, 'invalid_client', 'Unknown client_id.');
    if (integration.redirectUris.length > 0 && !integration.redirectUris.includes(redirectUri)) {
      throw new OAuthError(400, 'invalid_request', 'redirect_uri is not registered for this client.');
    }
    const unknown = organizationIds.filter((id) => !this.state.organizations.get(id));
    if (organizationIds.length === 0 || unknown.length > 0) {
      throw new OAuthError(400, 'invalid_request', 'Choose at least one known organization.');
    }
    const code = opaqueToken();
    this.state.auth.codes.set(code, {
      code,
      clientId,
      redirectUri,
      organizationIds,
      scopes: scopesOf(scope, 'dineropublicapi:read dineropublicapi:write'),
      expiresAt: this.options.now() + AUTH_CODE_LIFETIME_MS,
      used: false,
    });
    return code;
  }

  connectToken(authorization: string | undefined, form: Form): TokenResponse {
    const integration = this.authenticateClient(authorization, form);
    if (form['grant_type'] === 'authorization_code') return this.exchangeCode(integration, form);
    if (form['grant_type'] === 'refresh_token') return this.exchangeRefresh(integration, form);
    throw new OAuthError(400, 'unsupported_grant_type', 'Use authorization_code or refresh_token.');
  }

  private exchangeCode(integration: Integration, form: Form): TokenResponse {
    const code = form['code'] ? this.state.auth.codes.get(form['code']) : undefined;
    if (!code || code.used || code.expiresAt <= this.options.now() || code.clientId !== integration.clientId) {
      throw new OAuthError(400, 'invalid_grant', 'The code is unknown, used or expired.');
    }
    if (form['redirect_uri'] !== code.redirectUri)
      throw new OAuthError(400, 'invalid_grant', 'redirect_uri does not match.');
    code.used = true;
    return this.issue(code, code.scopes.includes('offline_access'));
  }

  // One-time refresh tokens rotate; within the grace period the old one may be exchanged once more.
  private exchangeRefresh(integration: Integration, form: Form): TokenResponse {
    const now = this.options.now();
    const refresh = form['refresh_token'] ? this.state.auth.refreshTokens.get(form['refresh_token']) : undefined;
    if (!refresh || refresh.revoked || refresh.clientId !== integration.clientId) {
      throw new OAuthError(400, 'invalid_grant', 'The refresh token is unknown or revoked.');
    }
    if (refresh.usedAt !== null && now - refresh.usedAt > this.options.refreshGraceMs) {
      throw new OAuthError(400, 'invalid_grant', 'The refresh token was already used.');
    }
    refresh.usedAt ??= now;
    return this.issue(refresh, true);
  }

  authenticate(authorization: string | undefined, organizationId: number | null, method: string): Caller {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw DineroErrors.unauthorized('missing bearer token');
    const token = this.state.auth.accessTokens.get(match[1]);
    if (!token || token.revoked) throw DineroErrors.unauthorized('unknown or revoked token');
    if (token.expiresAt <= this.options.now()) throw DineroErrors.unauthorized('token expired');
    if (!allows(token.scopes, method === 'GET' ? 'read' : 'write'))
      throw DineroErrors.forbidden('The token lacks the scope for this call.');
    if (organizationId !== null) {
      if (!token.organizationIds.includes(organizationId) || !this.state.organizations.get(organizationId)) {
        throw DineroErrors.forbidden(`No access to organization ${organizationId}.`);
      }
      if (!this.state.organizations.isPaid(organizationId)) {
        throw DineroErrors.forbidden(
          'The organization has no paid plan (Pro) and cannot use the API.',
          this.options.noSubscriptionCode,
        );
      }
    }
    return { clientId: token.clientId, organizationId, token };
  }
}
