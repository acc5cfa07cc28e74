import type { AccountKind, RegionKey, SeedAccount, SeedChart, SeedVatType } from '../seed/seed.types';

export interface DepositDetails {
  isDefault: boolean;
  registrationNumber: string | null;
  bankAccountNumber: string | null;
  swift: string | null;
  iban: string | null;
}

export interface LedgerAccount {
  number: number;
  name: string;
  vatCode: string | null;
  category: string;
  categoryName: string;
  kind: AccountKind;
  isHidden: boolean;
  isDefaultSalesAccount: boolean;
  deposit: DepositDetails | null;
}

export interface VatType {
  code: string;
  name: string;
  rate: number;
  direction: 'purchase' | 'sales' | 'none';
  region: RegionKey | null;
  reverseCharge: boolean;
  deductibleShare: number;
  vatAccountNumber: number | null;
  reverseChargeAccountNumber: number | null;
}

export const BALANCE_SHEET: readonly AccountKind[] = ['asset', 'liability', 'equity', 'vat'];

function toAccount(seed: SeedAccount): LedgerAccount {
  return {
    number: seed.AccountNumber,
    name: seed.Name,
    vatCode: seed.VatCode,
    category: seed.Category,
    categoryName: seed.CategoryName,
    kind: seed.Kind,
    isHidden: seed.IsHidden ?? false,
    isDefaultSalesAccount: seed.IsDefaultSalesAccount ?? false,
    deposit: seed.Deposit
      ? {
          isDefault: seed.Deposit.IsDefault ?? false,
          registrationNumber: seed.Deposit.BankRegistrationNumber ?? null,
          bankAccountNumber: seed.Deposit.BankAccountNumber ?? null,
          swift: seed.Deposit.BankSwiftNumber ?? null,
          iban: seed.Deposit.BankIbanNumber ?? null,
        }
      : null,
  };
}

function toVatType(seed: SeedVatType): VatType {
  return {
    code: seed.VatCode,
    name: seed.Name,
    rate: seed.VatRate,
    direction: seed.Direction,
    region: seed.Region,
    reverseCharge: seed.ReverseCharge ?? false,
    deductibleShare: seed.DeductibleShare ?? 1,
    vatAccountNumber: seed.VatAccountNumber ?? null,
    reverseChargeAccountNumber: seed.ReverseChargeAccountNumber ?? null,
  };
}

interface OrganizationChart {
  accounts: Map<number, LedgerAccount>;
  vatTypes: Map<string, VatType>;
}

export class ChartStore {
  private readonly charts = new Map<number, OrganizationChart>();

  clear(): void {
    this.charts.clear();
  }

  load(organizationId: number, chart: SeedChart): void {
    this.charts.set(organizationId, {
      accounts: new Map(chart.accounts.map((seed) => [seed.AccountNumber, toAccount(seed)])),
      // VAT codes are matched case-insensitively: sources spell "none" and "NONE".
      vatTypes: new Map(chart.vatTypes.map((seed) => [seed.VatCode.toLowerCase(), toVatType(seed)])),
    });
  }

  private chart(organizationId: number): OrganizationChart {
    const chart = this.charts.get(organizationId);
    if (!chart) throw new Error(`Organization ${organizationId} has no chart of accounts.`);
    return chart;
  }

  accounts(organizationId: number): LedgerAccount[] {
    return [...this.chart(organizationId).accounts.values()].sort((a, b) => a.number - b.number);
  }

  account(organizationId: number, number: number): LedgerAccount | undefined {
    return this.chart(organizationId).accounts.get(number);
  }

  addAccount(organizationId: number, account: LedgerAccount): void {
    this.chart(organizationId).accounts.set(account.number, account);
  }

  vatTypes(organizationId: number): VatType[] {
    return [...this.chart(organizationId).vatTypes.values()];
  }

  vatType(organizationId: number, code: string): VatType | undefined {
    return this.chart(organizationId).vatTypes.get(code.toLowerCase());
  }
}
