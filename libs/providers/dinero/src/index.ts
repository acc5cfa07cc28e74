import { defineProviderPlugin, type ProviderPlugin, type ProviderSetting } from '@ledgerbridge/connector-sdk';
import { DINERO_KEY } from './dinero.connector';
import { DineroModule } from './dinero.module';
import { DINERO_DEFAULTS, type DineroOptions } from './dinero.options';

export { DineroClient } from './client/dinero-client';
export type { DineroBodyCall, DineroCall, DineroUploadCall } from './client/dinero-client';
export { DineroTokens, VISMA_CONNECT_SCOPES } from './client/dinero-tokens';
export type { DineroOAuthGrant } from './client/dinero-tokens';
export { dineroErrorFromResponse } from './client/dinero-errors';
export { DINERO_KEY, DineroConnector } from './dinero.connector';
export { DINERO_CONNECTION_KINDS, DINERO_CREDENTIALS, dineroCredentialsOf } from './dinero.credentials';
export type { DineroConnectionKind, DineroCredentials } from './dinero.credentials';
export { DineroModule } from './dinero.module';
export { DINERO_DEFAULTS, DINERO_OPTIONS } from './dinero.options';
export type { DineroOptions, FetchFunction } from './dinero.options';

/** What the host must give the Dinero plugin; it validates them (URLs, presence) before Dinero is mounted. */
export const DINERO_SETTINGS = [
  { variable: 'DINERO_API_URL', kind: 'url', default: DINERO_DEFAULTS.apiUrl, description: 'Dinero API base URL' },
  {
    variable: 'DINERO_TOKEN_URL',
    kind: 'url',
    default: DINERO_DEFAULTS.tokenUrl,
    description: 'Token endpoint for API-key connections',
  },
  {
    variable: 'VISMA_CONNECT_URL',
    kind: 'url',
    default: DINERO_DEFAULTS.vismaConnectUrl,
    description: 'Visma Connect base (OAuth login)',
  },
  {
    variable: 'DINERO_CLIENT_ID',
    kind: 'text',
    description: "The Dinero integration's client id (from Visma's developer portal)",
  },
  {
    variable: 'DINERO_CLIENT_SECRET',
    kind: 'text',
    secret: true,
    description: "The Dinero integration's client secret",
  },
  {
    variable: 'DINERO_REQUEST_TIMEOUT_SECONDS',
    kind: 'integer',
    min: 1,
    max: 300,
    unit: 'seconds',
    default: String(DINERO_DEFAULTS.timeoutMs / 1000),
    description: 'How long one request to Dinero may wait for its answer',
  },
] as const satisfies readonly ProviderSetting[];

/** The Dinero plugin for `selectProviderModules`; `extra` adds options no setting carries (tests inject fetch). */
export function dineroPlugin(extra: Partial<DineroOptions> = {}): ProviderPlugin {
  return defineProviderPlugin({
    key: DINERO_KEY,
    settings: DINERO_SETTINGS,
    module: (settings) =>
      DineroModule.register({
        apiUrl: settings.DINERO_API_URL,
        tokenUrl: settings.DINERO_TOKEN_URL,
        vismaConnectUrl: settings.VISMA_CONNECT_URL,
        clientId: settings.DINERO_CLIENT_ID,
        clientSecret: settings.DINERO_CLIENT_SECRET,
        ...timeoutOf(settings.DINERO_REQUEST_TIMEOUT_SECONDS),
        ...extra,
      }),
  });
}

// The host has validated the value (whole seconds, 1–300); unset (a caller that passes no settings) keeps the default.
function timeoutOf(seconds: string | undefined): Pick<DineroOptions, 'timeoutMs'> {
  return seconds === undefined || seconds === '' ? {} : { timeoutMs: Number(seconds) * 1000 };
}
