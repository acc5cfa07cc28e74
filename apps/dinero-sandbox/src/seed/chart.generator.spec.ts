import { generateLargeChart } from './chart.generator';
import { loadDefaultSeed } from './seed.loader';

describe('generateLargeChart', () => {
  it('grows the standard chart to exactly the asked size with unique expense accounts and every VAT code known', () => {
    const base = loadDefaultSeed().chart;
    const chart = generateLargeChart(base, 5000);
    const numbers = chart.accounts.map((account) => account.AccountNumber);
    expect(new Set(numbers).size).toBe(5000);
    const codes = new Set(chart.vatTypes.map((vat) => vat.VatCode));
    expect(chart.accounts.every((account) => account.VatCode === null || codes.has(account.VatCode))).toBe(true);
    expect(
      chart.accounts
        .filter((a) => !base.accounts.some((b) => b.AccountNumber === a.AccountNumber))
        .every((a) => a.Kind === 'expense' && a.Category !== 'Expense'),
    ).toBe(true);
  });

  it('keeps the default seed intact: deposit accounts in 55000–55999, a paid and an unpaid organization', () => {
    const seed = loadDefaultSeed();
    const deposits = seed.chart.accounts.filter((account) => account.Deposit);
    expect(deposits.every((account) => account.AccountNumber >= 55000 && account.AccountNumber <= 55999)).toBe(true);
    expect(seed.organizations.map((o) => o.IsPayingPro)).toEqual([true, false]);
  });
});
