import type { ProviderPlugin } from '@ledgerbridge/connector-sdk';

/**
 * The ONLY file that imports provider libs (lint enforces it). A provider is mounted by adding its plugin here;
 * ACCOUNTING_PROVIDERS then picks which of these a process runs. The Dinero plugin lands with issue #9.
 */
export const PROVIDER_PLUGINS: readonly ProviderPlugin[] = [];
