import type { ProviderPlugin } from '@ledgerbridge/connector-sdk';
import { DINERO_KEY } from './dinero.connector';
import { DineroModule } from './dinero.module';
import type { DineroOptions } from './dinero.options';

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

/**
 * The Dinero plugin for `selectProviderModules`, built from the host's typed config. Pass a function to defer
 * reading it until `dinero` is actually mounted, so an unmounted Dinero needs no client id or secret.
 */
export function dineroPlugin(options: DineroOptions | (() => DineroOptions)): ProviderPlugin {
  return {
    key: DINERO_KEY,
    module: () => DineroModule.register(typeof options === 'function' ? options() : options),
  };
}
