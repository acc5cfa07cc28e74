import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../host-process';
import type { BooksSetup, VatRule } from './expected-documents';

interface SeedChart {
  accounts: Array<{ AccountNumber: number; VatCode: string | null }>;
  vatTypes: Array<{ VatCode: string; VatRate: number; DeductibleShare?: number; ReverseCharge?: boolean }>;
}

// Read from the sandbox's own seed, so the audit's VAT facts are the organization's and never a copy that drifts.
const chart = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'apps/dinero-sandbox/src/seed/default-seed.json'), 'utf8')) as {
    chart: SeedChart;
  }
).chart;

/** The standard chart's VAT codes as audit rules (rate and deductible share in basis points). */
export const SANDBOX_VAT_RULES: Record<string, VatRule> = Object.fromEntries(
  chart.vatTypes.map((vat) => [
    vat.VatCode,
    {
      rateBasisPoints: Math.round(vat.VatRate * 10000),
      deductibleShareBasisPoints: Math.round((vat.DeductibleShare ?? 1) * 10000),
      reverseCharge: vat.ReverseCharge ?? false,
    },
  ]),
);

/** Each account's default VAT code in the standard chart. */
export const SANDBOX_ACCOUNT_VAT_CODES: Record<number, string> = Object.fromEntries(
  chart.accounts.filter((a) => a.VatCode !== null).map((a) => [a.AccountNumber, a.VatCode as string]),
);

/** A BooksSetup on the standard chart: the company's setup accounts and categories as given to LedgerBridge. */
export function sandboxBooksSetup(
  setup: Pick<BooksSetup, 'depositAccount' | 'outOfPocketAccount' | 'reimbursementAccount' | 'fundingAccount'> & {
    categories: BooksSetup['categories'];
  },
): BooksSetup {
  return { ...setup, accountVatCodes: SANDBOX_ACCOUNT_VAT_CODES, vatRules: SANDBOX_VAT_RULES };
}
