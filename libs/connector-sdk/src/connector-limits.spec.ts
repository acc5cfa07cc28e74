import { attachmentLimitError, connectorLimitsProblems } from './connector-limits';

const OFF = { attachments: false, journalEntries: false };
const ON = { attachments: true, journalEntries: true };
const PDF_6MB = { maxBytes: 6 * 1024 * 1024, contentTypes: ['application/pdf', 'image/jpeg', 'image/png'] };

describe('connectorLimitsProblems', () => {
  it('accepts a scope alone when no limited capability is on, and full limits when they are', () => {
    expect(connectorLimitsProblems({ capabilities: OFF, limits: { rateLimitScope: 'organization' } })).toEqual([]);
    const full = { rateLimitScope: 'organization', attachments: PDF_6MB, journalEntriesPerBatch: 1000 };
    expect(connectorLimitsProblems({ capabilities: ON, limits: full })).toEqual([]);
  });

  it('names each limit a declared capability lacks, and each unusable value', () => {
    expect(connectorLimitsProblems({ capabilities: ON, limits: {} })).toEqual([
      'limits.rateLimitScope must be one of organization, connection, client',
      'declares capabilities.attachments but no limits.attachments',
      'declares capabilities.journalEntries but no limits.journalEntriesPerBatch',
    ]);
    const bad = {
      rateLimitScope: 'client',
      attachments: { maxBytes: 1.5, contentTypes: [] },
      journalEntriesPerBatch: 0,
    };
    expect(connectorLimitsProblems({ capabilities: OFF, limits: bad })).toEqual([
      'limits.attachments.maxBytes must be a positive integer',
      'limits.attachments.contentTypes must list at least one MIME type',
      'limits.journalEntriesPerBatch must be a positive integer',
    ]);
    expect(connectorLimitsProblems({ capabilities: OFF })).toEqual(['declares no limits object']);
  });
});

describe('attachmentLimitError', () => {
  const file = (contentType: string, size: number) => ({ fileName: 'r.pdf', contentType, bytes: new Uint8Array(size) });

  it('lets a file of an accepted type up to the limit through, whatever the case or parameters of its type', () => {
    expect(attachmentLimitError(PDF_6MB, file('application/pdf', PDF_6MB.maxBytes))).toBeUndefined();
    expect(attachmentLimitError(PDF_6MB, file('Image/PNG; charset=binary', 10))).toBeUndefined();
  });

  it('refuses one byte over the limit as too_large and another type as validation, both known unsent', () => {
    expect(attachmentLimitError(PDF_6MB, file('application/pdf', PDF_6MB.maxBytes + 1))).toMatchObject({
      code: 'too_large',
      outcomeUnknown: false,
      message: 'The file "r.pdf" has 6291457 bytes; the limit is 6291456.',
    });
    expect(attachmentLimitError(PDF_6MB, file('image/gif', 10))).toMatchObject({
      code: 'validation',
      field: 'contentType',
      message: 'The file "r.pdf" is image/gif; accepted are application/pdf, image/jpeg, image/png.',
    });
  });
});
