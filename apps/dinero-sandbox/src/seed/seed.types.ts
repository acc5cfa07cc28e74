// The seed file's shape: Dinero-visible fields in PascalCase, sandbox-only bookkeeping facts beside them.
/**
 * Sandbox-only: what an account is in the bookkeeping, which Dinero never sends. It decides the sandbox's purchase
 * list (income-statement expense accounts) and which accounts purchase lines refuse (the balance sheet).
 */
export type AccountKind = 'income' | 'expense' | 'asset' | 'liability' | 'equity' | 'vat';
export type RegionKey = 'DK' | 'EU' | 'World';

export interface SeedDepositDetails {
  IsDefault?: boolean;
  BankRegistrationNumber?: string | null;
  BankAccountNumber?: string | null;
  BankSwiftNumber?: string | null;
  BankIbanNumber?: string | null;
}

export interface SeedAccount {
  AccountNumber: number;
  Name: string;
  VatCode: string | null;
  /** Free text as Dinero sends it (live charts: "Turnover", "Variable Expenses", …); shown, never interpreted. */
  Category: string;
  CategoryName: string;
  Kind: AccountKind;
  IsHidden?: boolean;
  IsDefaultSalesAccount?: boolean;
  /** Present on Beholdning accounts, which Dinero also lists under accounts/deposit. */
  Deposit?: SeedDepositDetails;
}

export interface SeedVatType {
  VatCode: string;
  Name: string;
  VatRate: number;
  Direction: 'purchase' | 'sales' | 'none';
  /** Region a voucher must have to use this code; null fits every region. */
  Region: RegionKey | null;
  ReverseCharge?: boolean;
  /** Share of the VAT that may be deducted (restaurant: 0.25). */
  DeductibleShare?: number;
  VatAccountNumber?: number;
  /** Where reverse-charged VAT is owed. */
  ReverseChargeAccountNumber?: number;
}

export interface SeedChart {
  accounts: SeedAccount[];
  vatTypes: SeedVatType[];
}

export interface SeedApiKey {
  key: string;
  clientId?: string;
}

export interface SeedOrganization {
  Id: number;
  Name: string;
  IsPro: boolean;
  IsPayingPro: boolean;
  IsVatFree?: boolean;
  VatNumber?: string | null;
  Email?: string | null;
  Street?: string | null;
  City?: string | null;
  ZipCode?: string | null;
  CountryKey?: string;
  CompanyTypeKey?: string | null;
  apiKeys?: SeedApiKey[];
}

export interface SeedIntegration {
  clientId: string;
  clientSecret: string;
  name?: string;
  redirectUris?: string[];
}

export interface SeedContact {
  ContactGuid: string;
  Name: string;
  CountryKey: string;
  IsPerson: boolean;
  VatNumber?: string | null;
}

export interface SandboxSeed {
  integrations: SeedIntegration[];
  organizations: SeedOrganization[];
  chart: SeedChart;
  contacts?: SeedContact[];
}
