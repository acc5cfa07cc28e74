import { ConnectorError, type CredentialSchema, type ProviderConnection } from '@ledgerbridge/connector-sdk';

/** How a company is connected: a personal API key, or Visma Connect OAuth2 with a refresh token. */
export type DineroConnectionKind = 'api_key' | 'oauth';

export const DINERO_CONNECTION_KINDS: readonly DineroConnectionKind[] = ['api_key', 'oauth'];

/**
 * One schema for both connection kinds: `connectionKind` picks the flow and exactly one secret accompanies it.
 * Both secrets are optional in the schema because each kind needs only its own; `dineroCredentialsOf` enforces the pair.
 */
export const DINERO_CREDENTIALS: CredentialSchema = Object.freeze([
  Object.freeze({
    key: 'connectionKind',
    label: 'Connection kind',
    secret: false,
    description: '"api_key" for a personal Dinero API key, "oauth" for a Visma Connect login. Inferred when omitted.',
    optional: true,
  }),
  Object.freeze({
    key: 'apiKey',
    label: 'Dinero API key',
    secret: true,
    description: 'The API key created in Dinero under Settings › Integrations (connection kind "api_key").',
    optional: true,
  }),
  Object.freeze({
    key: 'refreshToken',
    label: 'Visma Connect refresh token',
    secret: true,
    description:
      'Obtained by LedgerBridge through the Visma Connect login and rotated on use (connection kind "oauth").',
    optional: true,
  }),
]);

/** The credentials of one connection, checked and typed. */
export type DineroCredentials =
  { readonly kind: 'api_key'; readonly apiKey: string } | { readonly kind: 'oauth'; readonly refreshToken: string };

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** Reads a connection's credentials; a missing or ambiguous pair is the host's setup problem, named plainly. */
export function dineroCredentialsOf(connection: ProviderConnection): DineroCredentials {
  const { connectionKind, apiKey, refreshToken } = connection.credentials;
  const fail = (problem: string, field: string): never => {
    throw new ConnectorError('validation', `The Dinero connection of company ${connection.companyId} ${problem}.`, {
      field,
    });
  };
  if (present(connectionKind) && !DINERO_CONNECTION_KINDS.includes(connectionKind as DineroConnectionKind)) {
    return fail(`has connection kind "${connectionKind}"; use "api_key" or "oauth"`, 'connectionKind');
  }
  const kind = present(connectionKind)
    ? (connectionKind as DineroConnectionKind)
    : present(apiKey) && !present(refreshToken)
      ? 'api_key'
      : present(refreshToken) && !present(apiKey)
        ? 'oauth'
        : undefined;
  if (kind === undefined) {
    return fail(
      'needs exactly one of apiKey or refreshToken, or a connectionKind saying which to use',
      'connectionKind',
    );
  }
  if (kind === 'api_key') return present(apiKey) ? { kind, apiKey } : fail('has no API key', 'apiKey');
  return present(refreshToken) ? { kind, refreshToken } : fail('has no refresh token', 'refreshToken');
}
