import type { AttachmentLimits, ConnectorRegistry } from '@ledgerbridge/connector-sdk';
import { FALLBACK_LIMITS, receiptLimitsFor } from './receipt-limits';

/** A registry of connectors that declare only the attachment limits given. */
const registry = (byKey: Record<string, AttachmentLimits | undefined>) =>
  ({
    has: (key: string) => key in byKey,
    get: (key: string) => ({ limits: { rateLimitScope: 'organization', attachments: byKey[key] } }),
    keys: () => Object.keys(byKey).sort(),
  }) as unknown as ConnectorRegistry;

const books = { maxBytes: 6_000_000, contentTypes: ['application/pdf', 'image/jpeg', 'image/png'] };
const ledger = { maxBytes: 4_000_000, contentTypes: ['application/pdf', 'image/png'] };

describe('receiptLimitsFor', () => {
  it("takes the limits of the company's own provider", () => {
    expect(receiptLimitsFor(registry({ books, ledger }), 'books')).toEqual(books);
    expect(receiptLimitsFor(registry({ books, ledger }), 'ledger')).toEqual(ledger);
  });

  it('before a connection, takes the strictest of every mounted provider: smallest size, common types', () => {
    expect(receiptLimitsFor(registry({ books, ledger }), undefined)).toEqual({
      maxBytes: 4_000_000,
      contentTypes: ['application/pdf', 'image/png'],
    });
    // A provider that is no longer mounted counts as no connection.
    expect(receiptLimitsFor(registry({ books }), 'gone')).toEqual(books);
  });

  it('falls back to the upload cap and the common types when no provider declares attachment limits', () => {
    expect(receiptLimitsFor(registry({ plain: undefined }), 'plain')).toEqual(FALLBACK_LIMITS);
    expect(receiptLimitsFor(registry({}), undefined)).toEqual(FALLBACK_LIMITS);
  });
});
