import { BookedDocument, bookedDocuments, readHoldings, type Holdings } from './books';
import {
  BooksSetup,
  ExpectedDocument,
  ExpectedTransaction,
  expectedDocument,
  shownVatOre,
  VatRule,
} from './expected-documents';

export type DiscrepancyKind =
  | 'missing'
  | 'duplicate'
  | 'unexpected'
  | 'wrong_account'
  | 'wrong_amount'
  | 'wrong_vat'
  | 'wrong_date'
  | 'wrong_kind'
  | 'wrong_description'
  | 'missing_receipt'
  | 'wrong_receipt'
  | 'unexpected_receipt'
  | 'not_booked';

export interface Discrepancy {
  kind: DiscrepancyKind;
  /** The expected transaction it concerns, when there is one. */
  platformId?: string;
  /** The Dinero document (voucher Guid or ledger item Id), when there is one. */
  document?: string;
  message: string;
}

export interface AuditOptions {
  /** Ledger items must have reached Booked (booking is asynchronous; wait before auditing). */
  ledgerItemsBooked?: boolean;
}

export interface AuditResult {
  ok: boolean;
  discrepancies: Discrepancy[];
  /** Documents matched, and receipts uploaded but linked to nothing (harmless leftovers of retried uploads). */
  counts: { expected: number; documents: number; unlinkedFiles: number };
  /** One discrepancy a line, for a test failure message. */
  report: string;
}

const kr = (ore: number) => (ore / 100).toFixed(2);

/** Reads an organization's books from the sandbox and audits them against what was sent to LedgerBridge. */
export async function auditOrganization(
  organizationId: string,
  expected: readonly ExpectedTransaction[],
  setup: BooksSetup,
  options: AuditOptions & { sandboxUrl?: string } = {},
): Promise<AuditResult> {
  return auditBooks(await readHoldings(organizationId, options.sandboxUrl), expected, setup, options);
}

/** Every transaction exactly once, in the right accounts, amounts and VAT, with its receipt; nothing else. */
export function auditBooks(
  holdings: Holdings,
  expected: readonly ExpectedTransaction[],
  setup: BooksSetup,
  options: AuditOptions = {},
): AuditResult {
  const documents = bookedDocuments(holdings);
  const wanted = expected.map((transaction) => expectedDocument(transaction, setup));
  requireIdentifiable(wanted);
  const claimed = new Set<BookedDocument>();
  const discrepancies: Discrepancy[] = [];
  for (const want of wanted) {
    const found = documents.filter((document) => identifies(want, document));
    found.forEach((document) => claimed.add(document));
    const platformId = want.transaction.platformId;
    if (found.length === 0) {
      discrepancies.push({ kind: 'missing', platformId, message: `${platformId}: no ${want.type} in the books.` });
      continue;
    }
    if (found.length > 1) {
      discrepancies.push({
        kind: 'duplicate',
        platformId,
        message: `${platformId}: ${found.length} documents (${found.map((d) => `${d.type} ${d.id}`).join(', ')}).`,
      });
    }
    for (const document of found) discrepancies.push(...compare(want, document, setup.vatRules, options));
  }
  for (const document of documents.filter((d) => !claimed.has(d))) {
    // Under another reference or description, but with an expected one's content: sent twice under two names.
    const twin = wanted.find((want) => sameContent(want, document));
    if (twin) {
      discrepancies.push({
        kind: 'duplicate',
        platformId: twin.transaction.platformId,
        document: document.id,
        message: `${twin.transaction.platformId}: sent again as ${document.type} ${document.id} (reference ${document.reference ?? 'none'}).`,
      });
      continue;
    }
    discrepancies.push({
      kind: 'unexpected',
      document: document.id,
      message: `${document.type} ${document.id} (reference ${document.reference ?? 'none'}, "${document.descriptions.join(' / ')}") was not expected.`,
    });
  }
  const linked = new Set(documents.map((d) => d.fileGuid?.toLowerCase()).filter(Boolean));
  const unlinkedFiles = holdings.files.filter((file) => !linked.has(file.FileGuid.toLowerCase())).length;
  return {
    ok: discrepancies.length === 0,
    discrepancies,
    counts: { expected: expected.length, documents: documents.length, unlinkedFiles },
    report: discrepancies.map((d) => `${d.kind}: ${d.message}`).join('\n'),
  };
}

// Without an export id a document is known by its description, so two such transactions must differ in it.
function requireIdentifiable(wanted: ExpectedDocument[]): void {
  const seen = new Map<string, string>();
  for (const want of wanted) {
    if (want.references) continue;
    const key = `${want.type}/${want.description}`;
    const other = seen.get(key);
    if (other !== undefined)
      throw new Error(
        `${other} and ${want.transaction.platformId} share the description "${want.description}" and have no ` +
          'export id: give each transaction a unique description (or its export id) so the audit can tell them apart.',
      );
    seen.set(key, want.transaction.platformId);
  }
}

function identifies(want: ExpectedDocument, document: BookedDocument): boolean {
  if (want.references) {
    const reference = document.reference?.toLowerCase();
    return reference !== undefined && want.references.some((r) => r.toLowerCase() === reference);
  }
  // Matched across both types, so an expense booked as a ledger item shows as the wrong kind, not missing.
  return document.descriptions.includes(want.description);
}

function sameContent(want: ExpectedDocument, document: BookedDocument): boolean {
  if (want.date !== document.date) return false;
  if (want.type === 'voucher' && document.type === 'voucher')
    return (
      want.depositAccount === document.depositAccount &&
      want.totalOre === document.lines.reduce((sum, line) => sum + line.grossOre, 0)
    );
  if (want.type === 'ledger_item' && document.type === 'ledger_item')
    return (
      want.postings.size === document.postings.size &&
      [...want.postings].every(([account, ore]) => document.postings.get(account) === ore)
    );
  return false;
}

function compare(
  want: ExpectedDocument,
  document: BookedDocument,
  vatRules: Record<string, VatRule>,
  options: AuditOptions,
): Discrepancy[] {
  const platformId = want.transaction.platformId;
  const out: Discrepancy[] = [];
  const add = (kind: DiscrepancyKind, message: string) =>
    out.push({ kind, platformId, document: document.id, message: `${platformId} (${document.id}): ${message}` });
  if (want.type !== document.type) {
    add('wrong_kind', `expected a ${want.type}, found a ${document.type}.`);
    return out;
  }
  if (document.date !== want.date) add('wrong_date', `dated ${document.date}, expected ${want.date}.`);
  if (want.type === 'voucher' && document.type === 'voucher') compareVoucher(want, document, vatRules, add);
  if (want.type === 'ledger_item' && document.type === 'ledger_item') {
    for (const account of new Set([...want.postings.keys(), ...document.postings.keys()])) {
      const [expectedOre, bookedOre] = [want.postings.get(account) ?? 0, document.postings.get(account) ?? 0];
      if (expectedOre === 0 || bookedOre === 0)
        add('wrong_account', `account ${account} has ${kr(bookedOre)} kr, expected ${kr(expectedOre)} kr.`);
      else if (expectedOre !== bookedOre)
        add('wrong_amount', `account ${account} has ${kr(bookedOre)} kr, expected ${kr(expectedOre)} kr.`);
    }
    if (document.vatCodes.length > 0)
      add('wrong_vat', `carries VAT codes ${document.vatCodes.join(', ')}, expected none.`);
    if (options.ledgerItemsBooked && document.status !== 'Booked') add('not_booked', `status ${document.status}.`);
  }
  compareReceipt(want.transaction, document, add);
  return out;
}

function compareVoucher(
  want: Extract<ExpectedDocument, { type: 'voucher' }>,
  document: Extract<BookedDocument, { type: 'voucher' }>,
  vatRules: Record<string, VatRule>,
  add: (kind: DiscrepancyKind, message: string) => void,
): void {
  if (document.purchaseType !== 'cash') add('wrong_kind', `a ${document.purchaseType} purchase, expected cash.`);
  if (document.currency !== 'DKK') add('wrong_amount', `in ${document.currency}, expected DKK.`);
  if (document.depositAccount !== want.depositAccount)
    add('wrong_account', `paid from ${document.depositAccount}, expected ${want.depositAccount}.`);
  const total = document.lines.reduce((sum, line) => sum + line.grossOre, 0);
  if (total !== want.totalOre) add('wrong_amount', `total ${kr(total)} kr, expected ${kr(want.totalOre)} kr.`);
  const unmatched = [...document.lines];
  for (const line of want.lines) {
    const index = unmatched.findIndex((l) => l.accountNumber === line.accountNumber && l.vatCode === line.vatCode);
    if (index < 0) {
      const other = unmatched.findIndex((l) => l.accountNumber === line.accountNumber);
      if (other >= 0) {
        const [booked] = unmatched.splice(other, 1);
        add('wrong_vat', `line ${line.accountNumber} has VAT code ${booked?.vatCode}, expected ${line.vatCode}.`);
      } else add('wrong_account', `no line on account ${line.accountNumber} with VAT code ${line.vatCode}.`);
      continue;
    }
    const [booked] = unmatched.splice(index, 1);
    if (!booked) continue;
    if (Math.abs(booked.grossOre - line.grossOre) > line.toleranceOre)
      add('wrong_amount', `line ${line.accountNumber} is ${kr(booked.grossOre)} kr, expected ${kr(line.grossOre)} kr.`);
    const vat = shownVatOre(booked.grossOre, vatRules[line.vatCode]);
    if (booked.vatOre !== vat)
      add('wrong_vat', `line ${line.accountNumber} shows ${kr(booked.vatOre)} kr VAT, expected ${kr(vat)} kr.`);
  }
  for (const extra of unmatched)
    add(
      'wrong_account',
      `unexpected line on account ${extra.accountNumber} (${extra.vatCode}), ${kr(extra.grossOre)} kr.`,
    );
  if (!document.descriptions.includes(want.description))
    add('wrong_description', `described "${document.descriptions.join(' / ')}", expected "${want.description}".`);
}

function compareReceipt(
  transaction: ExpectedTransaction,
  document: BookedDocument,
  add: (kind: DiscrepancyKind, message: string) => void,
): void {
  if (transaction.receiptSha256 === undefined) {
    if (document.fileGuid) add('unexpected_receipt', `has file ${document.fileGuid}, but no receipt was sent.`);
    return;
  }
  if (!document.fileGuid) add('missing_receipt', 'no receipt attached.');
  else if (document.fileSha256 === null)
    add('missing_receipt', `file ${document.fileGuid} is not in the organization.`);
  else if (document.fileSha256 !== transaction.receiptSha256.toLowerCase())
    add('wrong_receipt', `file ${document.fileGuid} holds other bytes than the receipt sent.`);
}
