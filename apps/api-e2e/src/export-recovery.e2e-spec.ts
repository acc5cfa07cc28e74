/**
 * Issue #14's recovery cases over HTTP, with the e2e host's real worker, read back from the SANDBOX's books: split
 * lines in a foreign currency, a lost answer found through the receipt, in_doubt settled by hand both ways, a 429
 * storm with 5xx faults, and the needs_attention reasons an export (not only a preview) gives.
 */
import { auditOrganization } from './test-support/chaos/books-auditor';
import { readHoldings, toOre } from './test-support/chaos/books';
import { sandboxBooksSetup } from './test-support/chaos/sandbox-chart';
import {
  exportAll,
  exportAudit,
  exportingCompany,
  fourKinds,
  hideAccountAndSync,
  ingest,
  pdf,
  rateLimitStorm,
  resolve,
  settled,
  SETUP,
  transactionOf,
  uploadReceipt,
  type Company,
} from './test-support/export-recovery';
import { call } from './test-support/http';
import { sandbox } from './test-support/sandbox';
import { cardExpense, platformId } from './test-support/transactions';

const BOOKS = sandboxBooksSetup({
  depositAccount: 55010,
  outOfPocketAccount: 55020,
  reimbursementAccount: 55000,
  categories: {
    restaurant: { accountNumber: 3100, taxCode: 'HREP' },
    office: { accountNumber: 6000, taxCode: 'I25' },
    hotel: { accountNumber: 3310, taxCode: 'I25' },
  },
});

const faults = (c: Company, rules: object[]) => sandbox('PUT', `/organizations/${c.org.id}/faults`, { rules });
const faultsLeft = async (c: Company) =>
  (await sandbox<{ rules: { remaining?: number }[] }>('GET', `/organizations/${c.org.id}/faults`)).rules.map(
    (r) => r.remaining,
  );
/** The drafts in Kladder whose ExternalReference names the export (as the id, or as the rules' `lb-export-` form). */
const draftsOf = async (c: Company, exportId: string) =>
  (await readHoldings(c.org.id)).drafts.filter((d) =>
    [exportId, `lb-export-${exportId}`].includes(d.ExternalReference!),
  );

describe('export recovery against the sandbox', () => {
  it('books a EUR card expense with two split lines as one DKK draft, amounts and VAT to the øre', async () => {
    const c = await exportingCompany('Recovery Split ApS');
    // 100.01 EUR at 7.4609 settled as 746.16 DKK: a restaurant meal (HREP) and office supplies (I25).
    const item = cardExpense({
      platformId: platformId('pf-split'),
      currency: 'EUR',
      amount: 10_001,
      settledAmount: 74_616,
      exchangeRate: '7.4609',
      merchant: 'Café Einstein',
      description: 'Kundemøde Berlin',
      categoryKey: 'restaurant',
      lines: [
        { categoryKey: 'restaurant', amount: 6_667 },
        { categoryKey: 'office', amount: 3_334 },
      ],
    });
    const [id] = await ingest(c, [item]);
    await exportAll(c);
    const [t] = await settled(c, [id!], ['exported', 'needs_attention', 'failed', 'in_doubt']);
    expect(t!.export).toMatchObject({ state: 'exported', lastError: null });

    const books = await readHoldings(c.org.id);
    expect(books.drafts).toHaveLength(1);
    const draft = books.drafts[0]!;
    expect(draft).toMatchObject({
      Guid: t!.export!.providerId,
      ExternalReference: `lb-export-${t!.export!.id}`,
      PurchaseType: 'cash',
      DepositAccountNumber: 55010,
      VoucherDate: '2026-11-24',
    });
    expect(draft.CurrencyKey ?? 'DKK').toBe('DKK');
    // DKK parts by largest remainder: 74616 × 6667 / 10001 = 49741.51…, 74616 × 3334 / 10001 = 24874.49…; the
    // floors leave 1 øre, which goes to the larger remainder (the meal): 49742 + 24874 = 74616.
    // VAT = round(gross × 25 / 125): 9948.4 → 9948 (HREP shows its 25 % deductible part, 2487) and 4974.8 → 4975.
    expect(
      draft.Lines.map((l) => [l.AccountNumber, l.VatCode, toOre(l.AmountInclVatValue), toOre(l.VatAmountValue)]),
    ).toEqual([
      [3100, 'HREP', 49_742, 2_487],
      [6000, 'I25', 24_874, 4_975],
    ]);
    expect(new Set(draft.Lines.map((l) => l.Description))).toEqual(new Set(['Café Einstein: Kundemøde Berlin']));
  }, 60_000);

  it('finds a lost answer again through the receipt: one draft, its Guid recorded', async () => {
    const c = await exportingCompany('Recovery Lost Answer ApS');
    const receipt = pdf('lost-answer');
    const [id] = await ingest(c, [cardExpense({ platformId: platformId('pf-lost'), categoryKey: 'office' })]);
    await uploadReceipt(c, id!, receipt.bytes);
    // Dinero stores the draft, then answers 500: the writer must look it up through the receipt, not send it again.
    await faults(c, [{ kind: 'commitThenFail', mode: 'error', pathContains: 'vouchers/purchase', remaining: 1 }]);
    await exportAll(c);
    const [t] = await settled(c, [id!], ['exported', 'needs_attention', 'failed', 'in_doubt']);
    expect(t!.export!.state).toBe('exported');
    expect(await faultsLeft(c)).toEqual([0]);

    const drafts = await draftsOf(c, t!.export!.id);
    expect(drafts).toHaveLength(1);
    expect(t!.export!.providerId).toBe(drafts[0]!.Guid);
    // Found by the lookup right after the lost answer, in the same attempt: nothing was sent twice.
    expect(t!.export!.attempts).toBe(1);
    expect((await exportAudit(c)).map((e) => e.action)).not.toContain('export.queued');
    const books = await readHoldings(c.org.id);
    expect(books.drafts).toHaveLength(1);
    expect(books.files.find((f) => f.FileGuid === drafts[0]!.FileGuid)?.Sha256).toBe(receipt.sha256);
  }, 60_000);

  it('leaves a lost answer without a receipt in_doubt; the operator finds the draft and resolves it', async () => {
    const c = await exportingCompany('Recovery Found By Hand ApS');
    const [id] = await ingest(c, [cardExpense({ platformId: platformId('pf-hand'), categoryKey: 'office' })]);
    await faults(c, [{ kind: 'commitThenFail', mode: 'error', pathContains: 'vouchers/purchase', remaining: 1 }]);
    await exportAll(c);
    const [t] = await settled(c, [id!], ['exported', 'needs_attention', 'failed', 'in_doubt']);
    expect(t!.export).toMatchObject({ state: 'in_doubt', providerId: null });
    expect(t!.export!.lastError?.message).toMatch(/cannot be looked up/);
    expect(t!.export!.lastError?.message).toContain(`lb-export-${t!.export!.id}`);

    // As an operator would: find the draft in Dinero's Kladder by its reference, and say so.
    const drafts = await draftsOf(c, t!.export!.id);
    expect(drafts).toHaveLength(1);
    const found = await resolve(c, id!, { providerId: drafts[0]!.Guid });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ state: 'exported', providerId: drafts[0]!.Guid });
    expect((await transactionOf(c, id!)).state).toBe('exported');
    // Settled for good: nothing is sent again, the books keep the one draft.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await readHoldings(c.org.id)).drafts).toHaveLength(1);
    const audit = await exportAudit(c);
    expect(audit.find((e) => e.action === 'export.exported')?.actor).toMatch(/^key:/);
  }, 60_000);

  it('leaves a create that timed out in_doubt; "not there: send again" sends it once more, one draft in the end', async () => {
    const c = await exportingCompany('Recovery Not There ApS');
    const [id] = await ingest(c, [cardExpense({ platformId: platformId('pf-gone'), categoryKey: 'office' })]);
    // The create never reaches Dinero's books and never answers: the plugin gives up after its 30 s timeout.
    await faults(c, [{ kind: 'timeout', pathContains: 'vouchers/purchase', remaining: 1 }]);
    await exportAll(c);
    const [t] = await settled(c, [id!], ['exported', 'needs_attention', 'failed', 'in_doubt'], 50_000);
    expect(t!.export).toMatchObject({ state: 'in_doubt', providerId: null });
    expect(t!.export!.lastError?.message).toMatch(/cannot be looked up/);
    expect((await readHoldings(c.org.id)).drafts).toHaveLength(0);

    const again = await resolve(c, id!, { notThere: true });
    expect(again.status).toBe(200);
    expect(again.body.state).toBe('queued');
    const [sent] = await settled(c, [id!], ['exported', 'needs_attention', 'failed', 'in_doubt']);
    expect(sent!.export!.state).toBe('exported');
    const books = await readHoldings(c.org.id);
    expect(books.drafts).toHaveLength(1);
    expect(books.drafts[0]).toMatchObject({
      Guid: sent!.export!.providerId,
      ExternalReference: `lb-export-${sent!.export!.id}`,
    });
  }, 60_000);

  /**
   * The four kinds through `trouble`, set up before the export is requested (what it answers is awaited after): each
   * exported once, in the right accounts and amounts, receipts attached.
   */
  async function fourKindsThrough(name: string, trouble: (c: Company) => Promise<{ after?: Promise<unknown> }>) {
    const c = await exportingCompany(name);
    const kinds = fourKinds(platformId('pf-4'));
    const ids = await ingest(c, kinds.items);
    await uploadReceipt(c, ids[0]!, kinds.receipts[0]!.bytes);
    await uploadReceipt(c, ids[1]!, kinds.receipts[1]!.bytes);
    const { after } = await trouble(c);
    await exportAll(c);
    await after;
    const ts = await settled(c, ids, ['exported', 'needs_attention', 'failed', 'in_doubt'], 50_000);
    expect(ts.map((t) => t.export!.state)).toEqual(['exported', 'exported', 'exported', 'exported']);
    const audit = await auditOrganization(c.org.id, kinds.expected(ts), BOOKS);
    expect(audit.report).toBe('');
    expect(audit.counts).toMatchObject({ expected: 4, documents: 4 });
    // Why each retry waited, as the audit trail recorded it.
    return { c, codes: new Set((await exportAudit(c)).map((e) => e.after?.['lastErrorCode'])) };
  }

  it('survives a 429 storm: all four kinds exported once, receipts attached', async () => {
    let refused = 0;
    const { codes } = await fourKindsThrough('Recovery Storm ApS', async (c) => {
      // A window's worth of the organization's quota, spent again and again with the host's own client id.
      const storm = rateLimitStorm(c.org, 4_000).then((n) => (refused = n));
      await new Promise((r) => setTimeout(r, 300));
      return { after: storm };
    });
    expect(refused).toBeGreaterThan(0);
    expect(codes.has('rate_limited')).toBe(true);
  }, 60_000);

  it('survives 500s and 503s on writes and lookups: all four kinds exported once, receipts attached', async () => {
    let c: Company | undefined;
    const { codes } = await fourKindsThrough('Recovery Faults ApS', async (company) => {
      c = company;
      // The first receipt upload fails for sure; the voucher and ledger item paths about half the time, twice each.
      await faults(company, [
        { kind: 'error', status: 500, pathContains: '/files', remaining: 1 },
        { kind: 'error', status: 503, pathContains: 'vouchers/purchase', share: 0.5, remaining: 2 },
        { kind: 'error', status: 500, pathContains: '/ledgeritems', share: 0.5, remaining: 2 },
      ]);
      return {};
    });
    expect((await faultsLeft(c!))[0]).toBe(0);
    expect(codes.has('unavailable') || codes.has('answer_lost')).toBe(true);
  }, 60_000);

  it('parks what the rules refuse in needs_attention with the reason in words, and sends it once fixed', async () => {
    // Deposit account only: out-of-pocket expenses have nowhere to be paid from.
    const c = await exportingCompany('Recovery Attention ApS', { depositAccount: '55010' });
    const oop = {
      ...cardExpense({ platformId: platformId('pf-oop'), categoryKey: 'office' }),
      kind: 'out_of_pocket_expense',
    };
    const hotel = cardExpense({ platformId: platformId('pf-hotel'), categoryKey: 'hotel' });
    const ids = await ingest(c, [oop, hotel]);
    // The accountant hides the hotel account in Dinero; the next sync sees it inactive.
    await hideAccountAndSync(c, 3310, true);
    await exportAll(c);
    const ts = await settled(c, ids, ['exported', 'needs_attention', 'failed', 'in_doubt']);
    expect(ts.map((t) => [t.export!.state, t.export!.lastError?.code])).toEqual([
      ['needs_attention', 'setup_incomplete'],
      ['needs_attention', 'account_inactive'],
    ]);
    expect(ts[0]!.export!.lastError!.message).toMatch(/out-of-pocket account/);
    expect(ts[1]!.export!.lastError!.message).toMatch(/3310.*inactive/);
    expect((await readHoldings(c.org.id)).drafts).toHaveLength(0);

    // Fixed at the cause, then re-exported: each lands once.
    expect((await call('PUT', `/companies/${c.id}/setup`, { key: c.key, body: SETUP })).status).toBe(200);
    await hideAccountAndSync(c, 3310, false);
    for (const id of ids) {
      const again = await call('POST', `/companies/${c.id}/transactions/${id}/re-export`, { key: c.key, body: {} });
      expect(again.status).toBe(202);
    }
    const fixed = await settled(c, ids, ['exported', 'failed', 'in_doubt']);
    expect(fixed.map((t) => t.export!.state)).toEqual(['exported', 'exported']);
    const books = await readHoldings(c.org.id);
    expect(books.drafts.map((d) => [d.DepositAccountNumber, d.Lines[0]!.AccountNumber]).sort()).toEqual([
      [55010, 3310],
      [55020, 6000],
    ]);
  }, 60_000);
});
