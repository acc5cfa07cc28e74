import { createHash, randomUUID } from 'node:crypto';
import { auditOrganization } from './test-support/chaos/books-auditor';
import { DineroWriter } from './test-support/chaos/dinero-writer';
import type { ExpectedTransaction } from './test-support/chaos/expected-documents';
import { sandboxBooksSetup } from './test-support/chaos/sandbox-chart';
import { newOrganization } from './test-support/sandbox';

// The books auditor the exactly-once test relies on, checked against books laid out by hand in the sandbox.
const SETUP = sandboxBooksSetup({
  depositAccount: 55010,
  outOfPocketAccount: 55020,
  reimbursementAccount: 55000,
  fundingAccount: 55040,
  categories: {
    office: { accountNumber: 6000 },
    meals: { accountNumber: 3100 },
    software: { accountNumber: 6310 },
  },
});

const receipt = (text: string) => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(text)]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const RECEIPTS = { card: receipt('card'), oop: receipt('oop'), eur: receipt('eur') };

function transactions(): ExpectedTransaction[] {
  return [
    {
      platformId: 'tx-card',
      kind: 'card_expense',
      bookingDate: '2026-11-20',
      amount: { amountMinor: 12_500, currency: 'DKK' },
      merchant: 'Office Depot',
      description: 'Printer paper tx-card',
      categoryKey: 'office',
      receiptSha256: sha256(RECEIPTS.card),
      exportId: randomUUID(),
    },
    {
      platformId: 'tx-oop',
      kind: 'out_of_pocket_expense',
      bookingDate: '2026-11-21',
      amount: { amountMinor: 50_000, currency: 'DKK' },
      merchant: 'Restaurant Kronborg',
      description: 'Client dinner tx-oop',
      splitLines: [
        { categoryKey: 'meals', amountMinor: 40_000 },
        { categoryKey: 'office', amountMinor: 10_000 },
      ],
      receiptSha256: sha256(RECEIPTS.oop),
      exportId: randomUUID(),
    },
    {
      platformId: 'tx-eur',
      kind: 'card_expense',
      bookingDate: '2026-11-22',
      amount: { amountMinor: 10_000, currency: 'EUR' },
      settledAmountMinor: 74_561,
      merchant: 'JetBrains',
      description: 'IDE licence tx-eur',
      splitLines: [
        { categoryKey: 'software', amountMinor: 6_000 },
        { categoryKey: 'office', amountMinor: 4_000 },
      ],
      receiptSha256: sha256(RECEIPTS.eur),
      exportId: randomUUID(),
    },
    {
      platformId: 'tx-reimb',
      kind: 'reimbursement',
      bookingDate: '2026-11-23',
      amount: { amountMinor: 50_000, currency: 'DKK' },
      paidFrom: 'outside',
      description: 'Reimbursement Mette tx-reimb',
      exportId: randomUUID(),
    },
    {
      platformId: 'tx-topup',
      kind: 'wallet_top_up',
      bookingDate: '2026-11-24',
      amount: { amountMinor: 1_000_000, currency: 'DKK' },
      description: 'Top-up tx-topup',
      exportId: randomUUID(),
    },
  ];
}

interface Changes {
  skip?: string;
  cardAmount?: number;
  cardDeposit?: number;
  cardReceipt?: Buffer;
  oopWithoutReceipt?: boolean;
  eurOfficeVatCode?: string;
  reimbursementAmount?: number;
  reimbursementReceipt?: Buffer;
}

const ledgerLine = (description: string, amount: number, account: number, balancing: number) => ({
  Description: description,
  Amount: amount,
  AccountNumber: account,
  AccountVatCode: 'none',
  BalancingAccountNumber: balancing,
  BalancingAccountVatCode: 'none',
});

/** Writes the five documents by hand, in kroner as Dinero takes them, with the given changes. */
async function writeBooks(writer: DineroWriter, expected: ExpectedTransaction[], changes: Changes = {}) {
  const [card, oop, eur, reimb, topUp] = expected as [
    ExpectedTransaction,
    ExpectedTransaction,
    ExpectedTransaction,
    ExpectedTransaction,
    ExpectedTransaction,
  ];
  const ref = (t: ExpectedTransaction) => `lb-export-${t.exportId}`;
  if (changes.skip !== 'tx-card')
    await writer.createCashVoucher({
      VoucherDate: '2026-11-20',
      DepositAccountNumber: changes.cardDeposit ?? 55010,
      ExternalReference: ref(card),
      FileGuid: await writer.upload(changes.cardReceipt ?? RECEIPTS.card),
      Lines: [
        {
          AccountNumber: 6000,
          Amount: changes.cardAmount ?? 125,
          VatCode: 'I25',
          Description: 'Office Depot: Printer paper tx-card',
        },
      ],
    });
  if (changes.skip !== 'tx-oop')
    await writer.createCashVoucher({
      VoucherDate: '2026-11-21',
      DepositAccountNumber: 55020,
      ExternalReference: ref(oop),
      ...(!changes.oopWithoutReceipt && { FileGuid: await writer.upload(RECEIPTS.oop) }),
      Lines: [
        { AccountNumber: 3100, Amount: 400, VatCode: 'HREP', Description: 'Restaurant Kronborg: Client dinner tx-oop' },
        { AccountNumber: 6000, Amount: 100, VatCode: 'I25', Description: 'Restaurant Kronborg: Client dinner tx-oop' },
      ],
    });
  if (changes.skip !== 'tx-eur')
    await writer.createCashVoucher({
      VoucherDate: '2026-11-22',
      DepositAccountNumber: 55010,
      ExternalReference: ref(eur),
      FileGuid: await writer.upload(RECEIPTS.eur),
      // 745.61 kr split 60/40 over the lines, to the øre.
      Lines: [
        { AccountNumber: 6310, Amount: 447.37, VatCode: 'IEUY', Description: 'JetBrains: IDE licence tx-eur' },
        {
          AccountNumber: 6000,
          Amount: 298.24,
          VatCode: changes.eurOfficeVatCode ?? 'I25',
          Description: 'JetBrains: IDE licence tx-eur',
        },
      ],
    });
  const items = [
    {
      Id: reimb.exportId!,
      VoucherDate: '2026-11-23',
      ...(changes.reimbursementReceipt && { FileGuid: await writer.upload(changes.reimbursementReceipt) }),
      Lines: [ledgerLine('Reimbursement Mette tx-reimb', changes.reimbursementAmount ?? 500, 55020, 55000)],
    },
    { Id: topUp.exportId!, VoucherDate: '2026-11-24', Lines: [ledgerLine('Top-up tx-topup', 10000, 55010, 55040)] },
  ].filter((item) => !(changes.skip === 'tx-topup' && item.Id === topUp.exportId));
  await writer.createLedgerItems(items);
}

async function freshBooks(changes: Changes = {}) {
  const organization = await newOrganization();
  const writer = await DineroWriter.connect(organization);
  const expected = transactions();
  await writeBooks(writer, expected, changes);
  return { organization, writer, expected };
}

const kinds = (result: { discrepancies: Array<{ kind: string; platformId?: string }> }) =>
  result.discrepancies.map((d) => `${d.kind} ${d.platformId ?? '-'}`).sort();

describe('Chaos harness: the books auditor', () => {
  it('passes the exact set, matched by export id and, without ids, by description', async () => {
    const { organization, expected } = await freshBooks();
    const byId = await auditOrganization(organization.id, expected, SETUP);
    expect(byId.report).toBe('');
    expect(byId).toEqual(
      expect.objectContaining({ ok: true, counts: { expected: 5, documents: 5, unlinkedFiles: 0 } }),
    );
    const withoutIds = expected.map(({ exportId: _exportId, ...rest }) => rest);
    expect((await auditOrganization(organization.id, withoutIds, SETUP)).report).toBe('');
  });

  it('reports a duplicate under the same reference and one under another id with the same content', async () => {
    const { organization, writer, expected } = await freshBooks();
    const [card, , , reimb] = expected;
    await writer.createCashVoucher({
      VoucherDate: '2026-11-20',
      DepositAccountNumber: 55010,
      ExternalReference: `lb-export-${card!.exportId}`,
      FileGuid: await writer.upload(RECEIPTS.card),
      Lines: [{ AccountNumber: 6000, Amount: 125, VatCode: 'I25', Description: 'Office Depot: Printer paper tx-card' }],
    });
    // The same reimbursement under a second export id, as a pipeline that lost its ledger row would send it.
    await writer.createLedgerItems([
      { Id: randomUUID(), VoucherDate: '2026-11-23', Lines: [ledgerLine(reimb!.description!, 500, 55020, 55000)] },
    ]);
    const result = await auditOrganization(organization.id, expected, SETUP);
    expect(kinds(result)).toEqual(['duplicate tx-card', 'duplicate tx-reimb']);
    expect(result.report).toMatch(/tx-reimb: sent again as ledger_item/);
  });

  it('reports a transaction missing from the books', async () => {
    const { organization, expected } = await freshBooks({ skip: 'tx-topup' });
    const result = await auditOrganization(organization.id, expected, SETUP);
    expect(kinds(result)).toEqual(['missing tx-topup']);
    expect(result.report).toContain('tx-topup: no ledger_item in the books.');
  });

  it('reports a changed amount on a voucher and on a ledger item, to the øre', async () => {
    const { organization, expected } = await freshBooks({ cardAmount: 125.01, reimbursementAmount: 500.01 });
    const result = await auditOrganization(organization.id, expected, SETUP);
    expect(kinds(result)).toEqual([
      'wrong_amount tx-card',
      'wrong_amount tx-card',
      'wrong_amount tx-reimb',
      'wrong_amount tx-reimb',
    ]);
    expect(result.report).toContain('total 125.01 kr, expected 125.00 kr');
  });

  it('reports an omitted receipt, a receipt with other bytes and one nobody sent', async () => {
    const { organization, expected } = await freshBooks({
      oopWithoutReceipt: true,
      cardReceipt: receipt('other'),
      reimbursementReceipt: receipt('stray'),
    });
    const result = await auditOrganization(organization.id, expected, SETUP);
    expect(kinds(result)).toEqual(['missing_receipt tx-oop', 'unexpected_receipt tx-reimb', 'wrong_receipt tx-card']);
  });

  it('reports ledger items not yet booked when asked to, and passes once Dinero has booked them', async () => {
    const { organization, writer, expected } = await freshBooks();
    const options = { ledgerItemsBooked: true };
    expect(kinds(await auditOrganization(organization.id, expected, SETUP, options))).toEqual([
      'not_booked tx-reimb',
      'not_booked tx-topup',
    ]);
    await writer.bookLedgerItems([expected[3]!.exportId!, expected[4]!.exportId!]);
    // Booking is asynchronous in Dinero (the sandbox's delay is 3 s by default).
    const deadline = Date.now() + 15000;
    let result = await auditOrganization(organization.id, expected, SETUP, options);
    while (!result.ok && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      result = await auditOrganization(organization.id, expected, SETUP, options);
    }
    expect(result.report).toBe('');
  }, 30000);

  it('reports a wrong deposit account and a wrong VAT code', async () => {
    const { organization, expected } = await freshBooks({ cardDeposit: 55000, eurOfficeVatCode: 'none' });
    const result = await auditOrganization(organization.id, expected, SETUP);
    expect(kinds(result)).toEqual(['wrong_account tx-card', 'wrong_vat tx-eur']);
    expect(result.report).toContain('paid from 55000, expected 55010');
  });

  it('reports an expense written to the Kassekladde instead of as a purchase voucher as the wrong kind', async () => {
    const { organization, writer, expected } = await freshBooks({ skip: 'tx-card' });
    await writer.createLedgerItems([
      {
        Id: expected[0]!.exportId!,
        VoucherDate: '2026-11-20',
        Lines: [ledgerLine('Office Depot: Printer paper tx-card', 125, 6000, 55010)],
      },
    ]);
    const result = await auditOrganization(organization.id, expected, SETUP);
    expect(kinds(result)).toEqual(['wrong_kind tx-card']);
  });

  it('reports a document nobody sent, and an unused upload only as a count', async () => {
    const { organization, writer, expected } = await freshBooks();
    await writer.upload(receipt('stray'));
    await writer.createCashVoucher({
      VoucherDate: '2026-11-25',
      DepositAccountNumber: 55010,
      ExternalReference: `lb-export-${randomUUID()}`,
      Lines: [{ AccountNumber: 6000, Amount: 99, VatCode: 'I25', Description: 'Someone else' }],
    });
    const result = await auditOrganization(organization.id, expected, SETUP);
    expect(kinds(result)).toEqual(['unexpected -']);
    expect(result.counts.unlinkedFiles).toBe(1);
  });

  it('refuses expectations it could not tell apart', async () => {
    const { organization, expected } = await freshBooks();
    const twins = [expected[3]!, { ...expected[3]!, platformId: 'tx-twin' }].map(({ exportId: _e, ...rest }) => rest);
    await expect(auditOrganization(organization.id, twins, SETUP)).rejects.toThrow(/share the description/);
  });
});
