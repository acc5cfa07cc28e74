import { ConnectorError, money, type JournalEntry } from '@ledgerbridge/connector-sdk';
import {
  attachmentProblems,
  describeConnectorConformance,
  expenseVoucherProblems,
  journalBatchProblems,
  journalResultsProblems,
  lookupAnswerProblems,
  lookupProblems,
  statusTrackingProblems,
  stoppedReadProblems,
  type WriteCheckContext,
} from './index';
import {
  BOOKS_CAPABILITIES,
  BOOKS_SAMPLES,
  ExceedsLimitsBooks,
  HidesBadItemBooks,
  IgnoresAbortBooks,
  InMemoryBooks,
  NullForCannotTellBooks,
  SilentTrackingBooks,
} from './test-support/in-memory-books';

function contextOf(connector: InMemoryBooks): WriteCheckContext {
  return { connector, connection: connector.open('company-1'), samples: BOOKS_SAMPLES };
}

const entry = (id: string): JournalEntry =>
  BOOKS_SAMPLES.journalEntry!({ companyId: 'c', organizationId: '7000', credentials: {} }, id);

describe('the kit’s write checks', () => {
  it('pass for the honest in-memory books', async () => {
    const context = contextOf(new InMemoryBooks());
    expect(await stoppedReadProblems(context)).toEqual([]);
    expect(await attachmentProblems(context)).toEqual([]);
    expect(await expenseVoucherProblems(context)).toEqual([]);
    expect(await lookupProblems(context)).toEqual([]);
    expect(await journalBatchProblems(context)).toEqual([]);
    expect(await statusTrackingProblems(context)).toEqual([]);
  });

  it('find a tracker that never reports the documents just written, and one that goes on after an abort', async () => {
    const problems = await statusTrackingProblems(contextOf(new SilentTrackingBooks()));
    expect(problems).toEqual([
      expect.stringMatching(/^changesSince never reported the new journalEntry /),
      expect.stringMatching(/^changesSince never reported the new expenseVoucher voucher-/),
      'changesSince with an aborted signal succeeded, but it must fail with aborted',
    ]);
    expect(await statusTrackingProblems(contextOf(new IgnoresAbortBooks()))).toEqual([
      'changesSince with an aborted signal succeeded, but it must fail with aborted',
    ]);
  });

  it('find a batch refused whole for one bad entry, hiding the good ones', async () => {
    expect(await journalBatchProblems(contextOf(new HidesBadItemBooks()))).toEqual([
      'postJournalEntries of good entries beside a refused one threw: ConnectorError: The batch was refused.',
    ]);
  });

  it('find null where the provider cannot tell', async () => {
    expect(await lookupProblems(contextOf(new NullForCannotTellBooks()))).toEqual([
      "findByExternalRef of a reference never used (expenseVoucher) answered null, not { kind: 'found' | 'absent' | 'unknown' }",
    ]);
  });

  it('find calls that go on after an aborted signal or a passed deadline, and writes made anyway', async () => {
    const context = contextOf(new IgnoresAbortBooks());
    expect(await stoppedReadProblems(context)).toEqual([
      'verify with an aborted signal succeeded, but it must fail with aborted',
      'verify past its deadline succeeded, but it must fail with aborted',
    ]);
    expect(await journalBatchProblems(context)).toEqual([
      'postJournalEntries with an aborted signal succeeded, but it must fail with aborted',
      'an aborted batch was written anyway',
    ]);
    expect(await expenseVoucherProblems(context)).toEqual([
      'createExpenseVoucher with an aborted signal succeeded, but it must fail with aborted',
      'a create stopped by an aborted signal was written anyway',
    ]);
    expect(await attachmentProblems(context)).toEqual([
      'uploadAttachment with an aborted signal succeeded, but it must fail with aborted',
    ]);
  });

  it('find files and batches beyond the declared limits going through', async () => {
    const context = contextOf(new ExceedsLimitsBooks());
    expect(await attachmentProblems(context)).toEqual([
      'uploadAttachment of 1025 bytes (declared limit 1024) succeeded, but it must fail with too_large',
      'uploadAttachment of application/x-conformance-undeclared, a type not in limits.attachments.contentTypes succeeded, but it must fail with validation',
    ]);
    expect(await journalBatchProblems(context)).toEqual([
      'postJournalEntries of 6 entries (declared limit 5) succeeded, but it must fail with validation',
    ]);
  });

  it('find a missing, misordered, unexplained or wrongly kinded result', () => {
    const entries = [entry('a'), entry('b')];
    const failed = { kind: 'failed', entryId: 'b', error: new ConnectorError('validation', 'bad account') };
    const ok = { kind: 'ok', entryId: 'a', providerId: 'p-a', providerStatus: 'pending' };
    expect(journalResultsProblems([ok, failed], entries, ['ok', 'failed'])).toEqual([]);
    expect(journalResultsProblems([ok], entries)).toEqual(['postJournalEntries returned 1 results for 2 entries']);
    expect(journalResultsProblems([failed, ok], entries)).toEqual([
      'result #0 names entry "b", expected "a" (input order)',
      'result #1 names entry "a", expected "b" (input order)',
    ]);
    expect(
      journalResultsProblems([ok, { kind: 'failed', entryId: 'b', error: new Error('raw') }], entries, [
        'ok',
        'duplicate',
      ]),
    ).toEqual(['result #1 failed without a ConnectorError', 'result #1 is failed (raw), expected duplicate']);
  });

  it('find a lookup answer without a kind, a reason or a provider id', () => {
    expect(lookupAnswerProblems({ kind: 'absent' }, 'x')).toEqual([]);
    expect(lookupAnswerProblems(undefined, 'x')).toEqual([
      "x answered undefined, not { kind: 'found' | 'absent' | 'unknown' }",
    ]);
    expect(lookupAnswerProblems({ kind: 'unknown' }, 'x')).toEqual(['x answered unknown without a reason']);
    expect(lookupAnswerProblems({ kind: 'found', providerStatus: 'draft' }, 'x')).toEqual([
      'x returned no providerId as non-empty text',
    ]);
    expect(lookupAnswerProblems({ kind: 'missing' }, 'x')).toEqual([
      'x answered kind "missing", not found, absent or unknown',
    ]);
  });

  it('refuse by default an entry off by one minor unit, which the honest books fail as validation', async () => {
    const books = new InMemoryBooks();
    const [result] = await books.postJournalEntries(books.open('c'), [
      { ...entry('z'), lines: [entry('z').lines[0]!, { ...entry('z').lines[1]!, amount: money(-44_999n, 'DKK') }] },
    ]);
    expect(result).toMatchObject({ kind: 'failed', entryId: 'z', error: { code: 'validation' } });
  });
});

// The whole suite for a provider with every write capability, and for one with none (skipped visibly).
const books = new InMemoryBooks();
describeConnectorConformance({
  name: 'in-memory books',
  capabilities: BOOKS_CAPABILITIES,
  connector: () => books,
  newConnection: async () => books.open('company-1'),
  wrongOrganization: (connection) => ({ ...connection, organizationId: '9999' }),
  wrongCredentials: (connection) => ({ ...connection, credentials: { apiKey: 'refused-key' } }),
  samples: BOOKS_SAMPLES,
});
