import fc from 'fast-check';
import { money, type JournalEntry, type JournalLine } from '@ledgerbridge/connector-sdk';
import { assertValidRequestBody } from '../test-support/dinero-contract';
import { LEDGER_ITEMS_PER_REQUEST, ledgerItemBody, ledgerItemsBody } from './ledger-items.payload';
import { oreOf } from './money.payload';

const CREATE = ['POST', '/v1.2/{organizationId}/ledgeritems'] as const;

const posting = (
  accountNumber: string,
  ore: bigint,
  taxCode?: string,
  description = 'Refusion udlæg, Jens',
): JournalLine => ({
  accountNumber,
  amount: money(ore, 'DKK'),
  description,
  ...(taxCode !== undefined && { taxCode }),
});

// Two postings: 450 kr. leave 55020 and arrive on 55000.
const reimbursement: JournalEntry = {
  id: '0b8f5d0e-3c4a-4c1e-9a57-2f3d7c1b9e10',
  date: '2025-11-21',
  attachmentRef: { id: 'file-1' },
  lines: [posting('55020', -45_000n, 'none'), posting('55000', 45_000n, 'none')],
};
const topUp: JournalEntry = {
  id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  date: '2025-11-22',
  lines: [
    posting('55010', 1_000_000n, undefined, 'Optankning af wallet'),
    posting('55000', -1_000_000n, 'none', 'Bank'),
  ],
};

/** What a Dinero body does to each account, in øre: `Amount` on the account, its opposite on the balancing one. */
function effectOf(body: { Lines: Array<{ Amount: number; AccountNumber: number; BalancingAccountNumber: number }> }) {
  const effect = new Map<string, bigint>();
  const add = (account: number, ore: bigint) => effect.set(String(account), (effect.get(String(account)) ?? 0n) + ore);
  for (const line of body.Lines) {
    add(line.AccountNumber, oreOf(line.Amount));
    add(line.BalancingAccountNumber, -oreOf(line.Amount));
  }
  return new Map([...effect].filter(([, ore]) => ore !== 0n));
}

function totalsOf(lines: readonly JournalLine[]) {
  const totals = new Map<string, bigint>();
  for (const line of lines)
    totals.set(line.accountNumber, (totals.get(line.accountNumber) ?? 0n) + line.amount.amountMinor);
  return new Map([...totals].filter(([, ore]) => ore !== 0n));
}

describe('ledgerItemsBody', () => {
  it('renders two balanced postings as one line: the first on the account, the second as its balancing account', () => {
    const body = ledgerItemsBody([reimbursement, topUp]);
    expect(body).toEqual([
      {
        Id: '0b8f5d0e-3c4a-4c1e-9a57-2f3d7c1b9e10',
        VoucherDate: '2025-11-21',
        FileGuid: 'file-1',
        Lines: [
          {
            Description: 'Refusion udlæg, Jens',
            Amount: -450,
            AccountNumber: 55020,
            AccountVatCode: 'none',
            BalancingAccountNumber: 55000,
            BalancingAccountVatCode: 'none',
          },
        ],
      },
      {
        Id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        VoucherDate: '2025-11-22',
        Lines: [
          {
            Description: 'Optankning af wallet',
            Amount: 10000,
            AccountNumber: 55010,
            AccountVatCode: null,
            BalancingAccountNumber: 55000,
            BalancingAccountVatCode: 'none',
          },
        ],
      },
    ]);
    assertValidRequestBody(...CREATE, JSON.parse(JSON.stringify(body)));
  });

  it('renders one credit against several debits as one line per debit, balanced by the credit’s account', () => {
    const split: JournalEntry = {
      ...topUp,
      lines: [
        posting('55020', 30_000n, 'none', 'Jens'),
        posting('55000', -50_000n, 'none', 'Wallet'),
        posting('55030', 20_000n, undefined, 'Ida'),
      ],
    };
    const [item] = ledgerItemsBody([split]);
    expect(item!.Lines).toEqual([
      {
        Description: 'Jens',
        Amount: 300,
        AccountNumber: 55020,
        AccountVatCode: 'none',
        BalancingAccountNumber: 55000,
        BalancingAccountVatCode: 'none',
      },
      {
        Description: 'Ida',
        Amount: 200,
        AccountNumber: 55030,
        AccountVatCode: null,
        BalancingAccountNumber: 55000,
        BalancingAccountVatCode: 'none',
      },
    ]);
    assertValidRequestBody(...CREATE, JSON.parse(JSON.stringify([item])));
  });

  it('moves exactly what the postings move on every account, for any entry with a single VAT-free side', () => {
    const amounts = fc.array(fc.bigInt({ min: 1n, max: 10n ** 10n }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(amounts, fc.boolean(), fc.nat(6), (parts, creditsMany, position) => {
        const sign = creditsMany ? -1n : 1n;
        const many = parts.map((ore, index) =>
          posting(String(4000 + index), sign * ore, index % 2 === 0 ? 'I25' : undefined),
        );
        const single = posting('55000', -sign * parts.reduce((sum, ore) => sum + ore, 0n), 'none');
        const lines = [...many.slice(0, position), single, ...many.slice(position)];
        const body = JSON.parse(JSON.stringify(ledgerItemBody({ ...topUp, lines })));
        assertValidRequestBody(...CREATE, [body]);
        expect(effectOf(body)).toEqual(totalsOf(lines));
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['no entries', [], undefined],
    ['a non-UUID id', [{ ...topUp, id: 'export-17' }], '[0].Id'],
    ['an entry without lines', [topUp, { ...reimbursement, lines: [] }], '[1].Lines'],
    ['an unbalanced entry', [{ ...topUp, lines: [posting('55010', 100n), posting('55000', -99n)] }], '[0].Lines'],
    [
      'a foreign currency',
      [{ ...topUp, lines: [topUp.lines[0]!, { ...topUp.lines[1]!, amount: money(-1_000_000n, 'SEK') }] }],
      '[0].Lines',
    ],
    [
      'all in SEK',
      [
        {
          ...topUp,
          lines: [
            { ...topUp.lines[0]!, amount: money(1n, 'SEK') },
            { ...topUp.lines[1]!, amount: money(-1n, 'SEK') },
          ],
        },
      ],
      '[0].Lines[0].Amount',
    ],
    [
      'a non-numeric balancing account',
      [{ ...topUp, lines: [topUp.lines[0]!, { ...topUp.lines[1]!, accountNumber: 'bank' }] }],
      '[0].Lines[1].AccountNumber',
    ],
  ])('refuses %s', (_name, entries, field) => {
    expect(() => ledgerItemsBody(entries as JournalEntry[])).toThrow(
      expect.objectContaining({ code: 'validation', field }),
    );
  });

  it('refuses clearly what Dinero’s paired lines cannot carry: several lines on both sides, or VAT on a split side', () => {
    const crossed = {
      ...topUp,
      lines: [posting('1', 100n), posting('2', 50n), posting('3', -75n), posting('4', -75n)],
    };
    expect(() => ledgerItemBody(crossed, 3)).toThrow(
      expect.objectContaining({
        code: 'validation',
        field: '[3].Lines',
        message: expect.stringContaining(
          'has 2 debit and 2 credit lines; Dinero pairs each line with one balancing account',
        ),
      }),
    );
    const vatOnShared = {
      ...topUp,
      lines: [posting('1', 100n, 'none'), posting('2', 50n, 'none'), posting('3', -150n, 'I25')],
    };
    expect(() => ledgerItemBody(vatOnShared)).toThrow(
      expect.objectContaining({
        field: '[0].Lines[2].taxCode',
        message: expect.stringContaining('round its VAT per part'),
      }),
    );
    const defaultVatOnShared = { ...vatOnShared, lines: [...vatOnShared.lines.slice(0, 2), posting('3', -150n)] };
    expect(() => ledgerItemBody(defaultVatOnShared)).toThrow(
      expect.objectContaining({ field: '[0].Lines[2].taxCode' }),
    );
  });

  it('refuses more items than Dinero takes in one request', () => {
    const many = Array.from({ length: LEDGER_ITEMS_PER_REQUEST + 1 }, () => topUp);
    expect(() => ledgerItemsBody(many)).toThrow(/1 to 1000 ledger items/);
  });
});
