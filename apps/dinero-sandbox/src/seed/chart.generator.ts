import type { SeedAccount, SeedChart } from './seed.types';

// The same live-style groups as the default seed: an English Category beside the Danish CategoryName.
const GROUPS: ReadonlyArray<readonly [string, string]> = [
  ['Variable Expenses', 'Variable omkostninger'],
  ['Sales and Travel Expenses', 'Salgs- og rejseomkostninger'],
  ['Property', 'Lokaleomkostninger'],
  ['Vehicle Expenses', 'Bilomkostninger'],
  ['Administrative Expenses', 'Administrationsomkostninger'],
];
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
    const slot = number % GROUPS.length;
    const [category, categoryName] = GROUPS[slot];
    accounts.push({
      AccountNumber: number,
      Name: `Omkostning ${number}`,
      VatCode: VAT_CODES[slot],
      Category: category,
      CategoryName: categoryName,
      Kind: 'expense',
      IsHidden: number % 97 === 0,
      IsDefaultSalesAccount: false,
    });
  }
  if (accounts.length < total)
    throw new Error(`A generated chart holds at most ${accounts.length} accounts, ${total} were asked for.`);
  accounts.sort((a, b) => a.AccountNumber - b.AccountNumber);
  return { accounts, vatTypes: base.vatTypes };
}
