import type { ProviderPlugin } from '@ledgerbridge/connector-sdk';
import { dineroPlugin } from '@ledgerbridge/provider-dinero';
import { ConfigurationError, type AppConfig } from './config/app-config';

/**
 * The ONLY file that imports provider libs (lint enforces it). A provider is mounted by adding its plugin here,
 * built from the typed config; ACCOUNTING_PROVIDERS then picks which of these a process runs.
 */
export function providerPlugins(config: AppConfig): ProviderPlugin[] {
  return [
    // Read lazily: a process that does not mount Dinero needs no Dinero client id or secret.
    dineroPlugin(() => ({
      apiUrl: config.dinero.apiUrl,
      tokenUrl: config.dinero.tokenUrl,
      vismaConnectUrl: config.dinero.vismaConnectUrl,
      clientId: required(config.dinero.clientId, 'DINERO_CLIENT_ID'),
      clientSecret: required(config.dinero.clientSecret, 'DINERO_CLIENT_SECRET'),
    })),
  ];
}

function required(value: string | undefined, variable: string): string {
  if (!value) throw new ConfigurationError([`${variable} is not set: the dinero provider needs the integration's client id and secret`]);
  return value;
}
