import type { ProviderPlugin } from '@ledgerbridge/connector-sdk';
import { dineroPlugin } from '@ledgerbridge/provider-dinero';

/**
 * The ONLY file that imports provider libs (lint enforces it). A provider is mounted by adding its plugin here; each
 * plugin declares its own settings, which the host's config validates, and ACCOUNTING_PROVIDERS picks which of these
 * a process runs.
 */
export function providerPlugins(_config: { accountingProviders?: string[] }): ProviderPlugin[] {
  return [dineroPlugin()];
}
