import type { AttachmentLimits, ConnectorRegistry } from '@ledgerbridge/connector-sdk';
import { UPLOAD_LIMIT_BYTES } from './receipt-upload.interceptor';

/** When no mounted provider declares attachment limits: the host's own upload cap and the common receipt types. */
export const FALLBACK_LIMITS: AttachmentLimits = {
  maxBytes: UPLOAD_LIMIT_BYTES,
  contentTypes: ['application/pdf', 'image/jpeg', 'image/png'],
};

/**
 * The attachment limits a receipt is prepared for at ingest, so an export never meets a surprise: the company's
 * provider's own (`Connector.limits.attachments`), or, before it is connected, the strictest of every mounted
 * provider (smallest size, only the types all take), so the receipt fits whichever one it connects to.
 */
export function receiptLimitsFor(registry: ConnectorRegistry, providerKey: string | undefined): AttachmentLimits {
  const own = providerKey !== undefined && registry.has(providerKey) ? registry.get(providerKey) : undefined;
  if (own?.limits.attachments) return own.limits.attachments;
  const declared = registry
    .keys()
    .map((key) => registry.get(key).limits.attachments)
    .filter((l): l is AttachmentLimits => l !== undefined);
  if (declared.length === 0) return FALLBACK_LIMITS;
  return {
    maxBytes: Math.min(...declared.map((l) => l.maxBytes)),
    contentTypes: declared
      .map((l) => l.contentTypes)
      .reduce((common, types) => common.filter((t) => types.includes(t))),
  };
}
