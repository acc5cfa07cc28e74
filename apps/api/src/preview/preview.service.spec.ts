import type { ConnectorRegistry, ExpenseVoucher, JournalEntry } from '@ledgerbridge/connector-sdk';
import type { CompanyEntity } from '@ledgerbridge/persistence';
import type { Repository } from 'typeorm';
import { exportIdOf } from '@ledgerbridge/exports';
import { PreviewService } from './preview.service';

const COMPANY = { id: 'c-1', baseCurrency: 'DKK' } as CompanyEntity;
const TX_ID = '0b9c7c1e-3c1f-4a3e-9a51-2f1a6c3d9e10';

const repo = (rows: object[]) =>
  ({
    findBy: async (where: object) => rows.filter((r) => Object.entries(where).every(([k, v]) => r[k as never] === v)),
    findOneBy: async (where: object) =>
      rows.find((r) => Object.entries(where).every(([k, v]) => r[k as never] === v)) ?? null,
  }) as unknown as Repository<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- one fake for every entity

const account = (number: string, name: string, kind: string, active = true) => ({
  companyId: 'c-1',
  number,
  name,
  kind,
  active,
  expenseAllowed: kind === 'expense',
  defaultTaxCode: null,
});

function build(tx: object, { travelActive = true, fundingAccount = null as string | null } = {}) {
  const rendered: unknown[] = [];
  const connector = {
    renderExpenseVoucher: (v: ExpenseVoucher) => (rendered.push(v), { method: 'POST', path: '/v', body: {} }),
    renderJournalEntries: (e: readonly JournalEntry[]) => (rendered.push(e), { method: 'POST', path: '/j', body: [] }),
  };
  const registry = { get: () => connector } as unknown as ConnectorRegistry;
  const base = { companyId: 'c-1', id: TX_ID, platformId: 'p-1', version: 1, bookedOn: '2026-11-20', currency: 'DKK' };
  const none = { settledAmount: null, exchangeRate: null, lines: null, taxCode: null, employeeName: null };
  const service = new PreviewService(
    registry,
    repo([{ ...base, ...none, employeeId: 'e-1', merchant: null, description: null, ...tx }]),
    repo([{ companyId: 'c-1', key: 'travel', name: 'Travel', accountNumber: '2250', taxCode: 'I25' }]),
    repo([
      {
        companyId: 'c-1',
        depositAccount: '55010',
        outOfPocketAccount: '66000',
        reimbursementAccount: '55020',
        fundingAccount,
      },
    ]),
    repo([{ companyId: 'c-1', status: 'connected', providerKey: 'dinero' }]),
    repo([
      account('2250', 'Rejseudgifter', 'expense', travelActive),
      account('55010', 'Kortkonto', 'deposit'),
      account('55020', 'Bank', 'deposit'),
      account('66000', 'Udlæg', 'deposit'),
      account('58000', 'Driftskonto', 'deposit'),
    ]),
    repo([
      { companyId: 'c-1', code: 'I25', name: 'Købsmoms', rateBasisPoints: 2500, direction: 'purchase', active: true },
    ]),
  );
  return { service, rendered };
}

const card = {
  kind: 'card_expense',
  amount: 12_550,
  merchant: 'Café Norden',
  description: 'lunch',
  categoryKey: 'travel',
};

describe('PreviewService', () => {
  it('previews a card expense: postings with names and VAT, and the voucher the connector renders', async () => {
    const { service, rendered } = build(card);
    const preview = await service.preview(COMPANY, TX_ID);
    const exportId = exportIdOf('c-1', TX_ID, 1, 'dinero');
    expect(preview).toMatchObject({ outcome: 'expense_voucher', exportId, provider: 'dinero', reasons: [] });
    expect(preview.postings[0]).toMatchObject({
      accountNumber: '2250',
      accountName: 'Rejseudgifter',
      gross: '12550',
      net: '10040',
      vat: '2510',
    });
    expect(preview.postings[1]).toMatchObject({ accountNumber: '55010', accountName: 'Kortkonto', gross: '-12550' });
    expect(rendered).toEqual([
      expect.objectContaining({ paidFromAccount: '55010', externalRef: `lb-export-${exportId}` }),
    ]);
  });

  it.each([
    ['card_wallet', '55010'],
    ['bank_transfer', '55020'],
  ])('previews a reimbursement paid from %s as a journal entry crediting %s', async (paidFrom, credited) => {
    const { service, rendered } = build({ kind: 'reimbursement', amount: 40_000, paidFrom });
    const preview = await service.preview(COMPANY, TX_ID);
    expect(preview.outcome).toBe('journal_entry');
    const credit = preview.postings.find((p) => p.gross.startsWith('-'));
    expect(credit?.accountNumber).toBe(credited);
    expect((rendered[0] as JournalEntry[])[0]?.id).toBe(preview.exportId);
  });

  it.each([
    [null, '55020'],
    ['58000', '58000'],
  ])('previews a top-up with funding account %s as debiting the wallet and crediting %s', async (funding, credited) => {
    const { service } = build({ kind: 'wallet_top_up', amount: 500_000 }, { fundingAccount: funding });
    const preview = await service.preview(COMPANY, TX_ID);
    expect(preview.outcome).toBe('journal_entry');
    expect(preview.postings.map((p) => [p.accountNumber, p.gross])).toEqual([
      ['55010', '500000'],
      [credited, '-500000'],
    ]);
  });

  it('lists the reasons and renders nothing when the category account is hidden', async () => {
    const { service, rendered } = build(card, { travelActive: false });
    const preview = await service.preview(COMPANY, TX_ID);
    expect(preview.outcome).toBe('needs_attention');
    expect(preview.reasons.map((r) => r.code)).toContain('account_inactive');
    expect(preview.providerRequest).toBeNull();
    expect(rendered).toEqual([]);
  });

  it("answers 404 for a transaction that is not the company's", async () => {
    const { service } = build(card);
    await expect(service.preview({ ...COMPANY, id: 'c-2' } as CompanyEntity, TX_ID)).rejects.toMatchObject({
      status: 404,
    });
  });
});
