import { randomUUID } from 'node:crypto';
import {
  externalRef,
  money,
  type Attachment,
  type AttachmentRef,
  type CallOptions,
  type Connector,
  type ExternalRef,
  type JournalEntry,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import type { ConformanceSamples } from './conformance-target.types';
import { connectorFailureProblems } from './failure.checks';
import { outcomeOf } from './outcome';
import {
  exportResultProblems,
  journalResultsProblems,
  lookupAnswerProblems,
  stoppedBeforeSendingProblems,
} from './result.checks';

/** What every write check needs: the connector, a working connection and the provider's sample documents. */
export interface WriteCheckContext {
  readonly connector: Connector;
  readonly connection: ProviderConnection;
  readonly samples?: ConformanceSamples;
}

// The smallest file every PDF reader opens: enough for a provider that sniffs the content.
const TINY_PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Options for a call that must stop before it sends anything: a signal aborted before the call. */
export function abortedCall(): CallOptions {
  const controller = new AbortController();
  controller.abort();
  return { signal: controller.signal };
}

/** Options whose deadline passed a moment ago. */
export function expiredCall(): CallOptions {
  return { deadline: Date.now() - 1 };
}

export function conformanceRef(): ExternalRef {
  return externalRef(`conformance-${randomUUID()}`);
}

function sampleAttachment(context: WriteCheckContext): Attachment | undefined {
  if (context.samples?.attachment !== undefined) return context.samples.attachment();
  const accepted = context.connector.limits?.attachments?.contentTypes ?? [];
  if (!accepted.includes('application/pdf')) return undefined;
  return { fileName: 'conformance-receipt.pdf', contentType: 'application/pdf', bytes: TINY_PDF };
}

function invalidEntry(context: WriteCheckContext, id: string): JournalEntry | undefined {
  const { samples, connection } = context;
  if (samples?.invalidJournalEntry !== undefined) return samples.invalidJournalEntry(connection, id);
  const valid = samples?.journalEntry?.(connection, id);
  const last = valid?.lines[valid.lines.length - 1];
  if (valid === undefined || last === undefined) return undefined;
  const unbalanced = { ...last, amount: money(last.amount.amountMinor + 1n, last.amount.currency) };
  return { ...valid, lines: [...valid.lines.slice(0, -1), unbalanced] };
}

/** Reads (verify and each declared list) stop at an aborted signal or a passed deadline before sending anything. */
export async function stoppedReadProblems(context: WriteCheckContext): Promise<string[]> {
  const { connector, connection } = context;
  const reads: Array<[string, (options: CallOptions) => Promise<unknown>]> = [
    ['verify', (options) => connector.verify(connection, options)],
  ];
  if (connector.capabilities.accounts) {
    reads.push(['listAccounts', async (options) => connector.listAccounts?.(connection, options)]);
  }
  if (connector.capabilities.taxCodes) {
    reads.push(['listTaxCodes', async (options) => connector.listTaxCodes?.(connection, options)]);
  }
  const problems: string[] = [];
  for (const [name, call] of reads) {
    problems.push(
      ...stoppedBeforeSendingProblems(await outcomeOf(() => call(abortedCall())), `${name} with an aborted signal`),
    );
    problems.push(
      ...stoppedBeforeSendingProblems(await outcomeOf(() => call(expiredCall())), `${name} past its deadline`),
    );
  }
  return problems;
}

/** A receipt within the limits uploads; one byte over them is `too_large`, an undeclared type `validation`. */
export async function attachmentProblems(context: WriteCheckContext): Promise<string[]> {
  const { connector, connection } = context;
  const limits = connector.limits?.attachments;
  const upload = connector.uploadAttachment?.bind(connector);
  if (upload === undefined || limits === undefined) return ['uploadAttachment or limits.attachments is missing'];
  const sample = sampleAttachment(context);
  if (sample === undefined)
    return ['the target gives no samples.attachment and the provider accepts no application/pdf'];
  const problems: string[] = [];
  const uploaded = await outcomeOf(() => upload(connection, sample));
  if (!uploaded.ok)
    problems.push(
      `uploadAttachment of a ${sample.bytes.byteLength}-byte ${sample.contentType} failed: ${String(uploaded.error)}`,
    );
  else if (typeof uploaded.value?.id !== 'string' || uploaded.value.id.trim() === '') {
    problems.push('uploadAttachment returned no AttachmentRef id as non-empty text');
  }
  const oversize = { ...sample, bytes: new Uint8Array(limits.maxBytes + 1) };
  oversize.bytes.set(sample.bytes.subarray(0, Math.min(sample.bytes.byteLength, oversize.bytes.byteLength)));
  problems.push(
    ...connectorFailureProblems(
      await outcomeOf(() => upload(connection, oversize)),
      ['too_large'],
      `uploadAttachment of ${limits.maxBytes + 1} bytes (declared limit ${limits.maxBytes})`,
    ),
  );
  const undeclared = { ...sample, contentType: 'application/x-conformance-undeclared' };
  problems.push(
    ...connectorFailureProblems(
      await outcomeOf(() => upload(connection, undeclared)),
      ['validation'],
      `uploadAttachment of ${undeclared.contentType}, a type not in limits.attachments.contentTypes`,
    ),
  );
  problems.push(
    ...stoppedBeforeSendingProblems(
      await outcomeOf(() => upload(connection, sample, abortedCall())),
      'uploadAttachment with an aborted signal',
    ),
  );
  return problems;
}

/** Uploads the sample receipt when the provider takes attachments, for vouchers and lookups that use one. */
export async function receiptFor(context: WriteCheckContext): Promise<AttachmentRef | undefined> {
  const sample = sampleAttachment(context);
  if (!context.connector.capabilities.attachments || sample === undefined) return undefined;
  return context.connector.uploadAttachment?.(context.connection, sample);
}

/**
 * A voucher is created; with `externalRefLookup` it is then found by its reference, a never-used reference is not
 * found, and a create stopped by an aborted signal left nothing to find.
 */
export async function expenseVoucherProblems(context: WriteCheckContext): Promise<string[]> {
  const { connector, connection, samples } = context;
  const create = connector.createExpenseVoucher?.bind(connector);
  if (create === undefined) return ['createExpenseVoucher is missing'];
  const voucherOf = samples?.expenseVoucher;
  if (voucherOf === undefined) return ['the target gives no samples.expenseVoucher'];
  const problems: string[] = [];
  const ref = conformanceRef();
  const receipt = await receiptFor(context);
  const created = await outcomeOf(() => create(connection, voucherOf(connection, ref, receipt)));
  if (!created.ok) return [`createExpenseVoucher of the sample failed: ${String(created.error)}`];
  problems.push(...exportResultProblems(created.value, 'createExpenseVoucher'));

  const stoppedRef = conformanceRef();
  const stoppedReceipt = await receiptFor(context);
  const stopped = await outcomeOf(() =>
    create(connection, voucherOf(connection, stoppedRef, stoppedReceipt), abortedCall()),
  );
  problems.push(...stoppedBeforeSendingProblems(stopped, 'createExpenseVoucher with an aborted signal'));

  const find = connector.findByExternalRef?.bind(connector);
  if (find === undefined) return problems;
  const hint = (attachmentRef?: AttachmentRef) => ({
    kind: 'expenseVoucher' as const,
    ...(attachmentRef && { attachmentRef }),
  });
  const found = await outcomeOf(() => find(connection, ref, hint(receipt)));
  if (!found.ok) problems.push(`findByExternalRef of the created voucher failed: ${String(found.error)}`);
  else {
    problems.push(...lookupAnswerProblems(found.value, 'findByExternalRef of the created voucher'));
    if (found.value?.kind !== 'found')
      problems.push(`findByExternalRef of the created voucher answered ${String(found.value?.kind)}, expected found`);
    else if (found.value.providerId !== created.value.providerId) {
      problems.push(
        `findByExternalRef found "${found.value.providerId}", but the create returned "${created.value.providerId}"`,
      );
    }
  }
  const afterStop = await outcomeOf(() => find(connection, stoppedRef, hint(stoppedReceipt)));
  if (afterStop.ok && afterStop.value?.kind === 'found')
    problems.push('a create stopped by an aborted signal was written anyway');
  return problems;
}

/** A reference never used is not found: `absent`, or `unknown` with a reason when the provider cannot tell. */
export async function lookupProblems(context: WriteCheckContext): Promise<string[]> {
  const { connector, connection } = context;
  const find = connector.findByExternalRef?.bind(connector);
  if (find === undefined) return ['findByExternalRef is missing'];
  const problems: string[] = [];
  const receipt = await receiptFor(context);
  // The last probe carries no hint at all, where most providers can only answer that they cannot tell.
  for (const hint of [
    { kind: 'expenseVoucher' as const, ...(receipt && { attachmentRef: receipt }) },
    { kind: 'journalEntry' as const, journalEntryId: randomUUID() },
    { kind: 'expenseVoucher' as const },
  ]) {
    const what = `findByExternalRef of a reference never used (${hint.kind})`;
    const answer = await outcomeOf(() => find(connection, conformanceRef(), hint));
    if (!answer.ok) problems.push(`${what} failed: ${String(answer.error)}`);
    else {
      problems.push(...lookupAnswerProblems(answer.value, what));
      if (answer.value?.kind === 'found') problems.push(`${what} answered found`);
    }
  }
  problems.push(
    ...stoppedBeforeSendingProblems(
      await outcomeOf(() => find(connection, conformanceRef(), { kind: 'expenseVoucher' }, abortedCall())),
      'findByExternalRef with an aborted signal',
    ),
  );
  return problems;
}

/**
 * A batch of good, refused and good entries gets one result each in order; re-sending an id is a duplicate;
 * more entries than declared are refused whole; an aborted batch wrote nothing.
 */
export async function journalBatchProblems(context: WriteCheckContext): Promise<string[]> {
  const { connector, connection, samples } = context;
  const post = connector.postJournalEntries?.bind(connector);
  const perBatch = connector.limits?.journalEntriesPerBatch;
  if (post === undefined || perBatch === undefined)
    return ['postJournalEntries or limits.journalEntriesPerBatch is missing'];
  const sample = samples?.journalEntry;
  const newId = samples?.newEntryId ?? randomUUID;
  if (sample === undefined) return ['the target gives no samples.journalEntry'];
  const bad = invalidEntry(context, newId());
  if (bad === undefined) return ['the sample journal entry has no lines to make an invalid one from'];
  const problems: string[] = [];

  const first = sample(connection, newId());
  const batch = perBatch >= 3 ? [first, bad, sample(connection, newId())] : [bad];
  const posted = await outcomeOf(() => post(connection, batch));
  if (!posted.ok) return [`postJournalEntries of good entries beside a refused one threw: ${String(posted.error)}`];
  const expected = batch.map((entry): 'ok' | 'failed' => (entry === bad ? 'failed' : 'ok'));
  problems.push(...journalResultsProblems(posted.value, batch, expected));
  const refused = (posted.value ?? []).find((result) => result?.entryId === bad.id);
  if (refused?.kind === 'failed' && refused.error?.code !== 'validation') {
    problems.push(`the refused entry failed with code "${refused.error?.code}", expected validation`);
  }

  if (batch.includes(first)) {
    const again = await outcomeOf(() => post(connection, [first]));
    if (!again.ok) problems.push(`re-sending an entry threw: ${String(again.error)}`);
    else
      problems.push(...journalResultsProblems(again.value, [first], ['duplicate']).map((p) => `re-sent entry: ${p}`));
  }

  const tooMany = Array.from({ length: perBatch + 1 }, () => sample(connection, newId()));
  problems.push(
    ...connectorFailureProblems(
      await outcomeOf(() => post(connection, tooMany)),
      ['validation'],
      `postJournalEntries of ${perBatch + 1} entries (declared limit ${perBatch})`,
    ),
  );

  const stoppedEntry = sample(connection, newId());
  problems.push(
    ...stoppedBeforeSendingProblems(
      await outcomeOf(() => post(connection, [stoppedEntry], abortedCall())),
      'postJournalEntries with an aborted signal',
    ),
  );
  const afterStop = await outcomeOf(() => post(connection, [stoppedEntry]));
  if (afterStop.ok && afterStop.value?.[0]?.kind === 'duplicate') problems.push('an aborted batch was written anyway');
  return problems;
}
