import { randomBytes } from 'node:crypto';

export interface Integration {
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUris: string[];
}

export interface ApiKey {
  key: string;
  organizationId: number;
  /** When set, only this integration may exchange the key. */
  clientId: string | null;
}

export interface Grant {
  clientId: string;
  organizationIds: number[];
  scopes: string[];
}

export interface AccessToken extends Grant {
  token: string;
  expiresAt: number;
  revoked: boolean;
}

export interface RefreshToken extends Grant {
  token: string;
  /** When it was first exchanged; a second exchange is allowed only within the grace period. */
  usedAt: number | null;
  revoked: boolean;
}

export interface AuthorizationCode extends Grant {
  code: string;
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}

export function opaqueToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export class AuthStore {
  readonly integrations = new Map<string, Integration>();
  readonly apiKeys = new Map<string, ApiKey>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly codes = new Map<string, AuthorizationCode>();

  clear(): void {
    this.integrations.clear();
    this.apiKeys.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.codes.clear();
  }

  addIntegration(integration: Integration): Integration {
    this.integrations.set(integration.clientId, integration);
    return integration;
  }

  addApiKey(apiKey: ApiKey): ApiKey {
    this.apiKeys.set(apiKey.key, apiKey);
    return apiKey;
  }

  issueAccessToken(grant: Grant, expiresAt: number): AccessToken {
    const token: AccessToken = { ...grant, token: opaqueToken(), expiresAt, revoked: false };
    this.accessTokens.set(token.token, token);
    return token;
  }

  issueRefreshToken(grant: Grant): RefreshToken {
    const token: RefreshToken = { ...grant, token: opaqueToken(32), usedAt: null, revoked: false };
    this.refreshTokens.set(token.token, token);
    return token;
  }

  // Revokes every token that reaches the organization, as when a user withdraws access in Dinero.
  revokeForOrganization(organizationId: number): number {
    let revoked = 0;
    for (const token of [...this.accessTokens.values(), ...this.refreshTokens.values()]) {
      if (!token.revoked && token.organizationIds.includes(organizationId)) {
        token.revoked = true;
        revoked++;
      }
    }
    return revoked;
  }
}
