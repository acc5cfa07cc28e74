import type { SeedAccount, SeedChart } from './seed.types';

const CATEGORY_NAMES = ['Vareforbrug', 'Salgsomkostninger', 'Lokaleomkostninger', 'Bilomkostninger', 'Administrationsomkostninger'];
const VAT_CODES = ['I25', 'I25', 'I25', 'none', 'HREP'];

function* expenseNumbers(): Generator<number> {
  for (let n = 2000; n <= 9399; n++) yield n;
  // Past the four-digit expense range, five-digit numbers below the balance sheet keep charts of any size valid.
  for (let n = 20000; n <= 49999; n++) yield n;
}

// Grows a chart to `total` accounts with expense accounts, so tests can load charts of thousands of accounts.
export function generateLargeChart(base: SeedChart, total: number): SeedChart {
  const taken = new Set(base.accounts.map((account) => account.AccountNumber));
  const accounts: SeedAccount[] = [...base.accounts];
  for (const number of expenseNumbers()) {
    if (accounts.length >= total) break;
    if (taken.has(number)) continue;
    const slot = number % CATEGORY_NAMES.length;
    accounts.push({
      AccountNumber: number,
      Name: `Omkostning ${number}`,
      VatCode: VAT_CODES[slot],
      Category: 'Expense',
      CategoryName: CATEGORY_NAMES[slot],
      IsHidden: number % 97 === 0,
      IsDefaultSalesAccount: false,
    });
  }
  if (accounts.length < total) throw new Error(`A generated chart holds at most ${accounts.length} accounts, ${total} were asked for.`);
  accounts.sort((a, b) => a.AccountNumber - b.AccountNumber);
  return { accounts, vatTypes: base.vatTypes };
}
