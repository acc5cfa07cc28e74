// Dinero's JSON shapes as the plugin sends and reads them; names and types follow docs/providers/dinero/openapi-subset.json.

/** `PurchaseVoucherCreateModelV2` for a cash purchase (card or out-of-pocket expense). */
export interface DineroCashPurchaseVoucher {
  readonly PurchaseType: 'cash';
  readonly VoucherDate: string;
  readonly DepositAccountNumber: number;
  readonly FileGuid?: string;
  readonly ExternalReference: string;
  readonly Lines: readonly DineroPurchaseVoucherLine[];
}

/** `PurchaseVoucherLineCreateModel`; `Amount` is VAT-inclusive kroner. */
export interface DineroPurchaseVoucherLine {
  readonly Amount: number;
  readonly AccountNumber: number;
  readonly Description: string;
  readonly VatCode: string;
}

/** `LedgerItemModelV2`, created with our own `Id` so a repeat answers 409 instead of booking twice. */
export interface DineroLedgerItem {
  readonly Id: string;
  readonly VoucherDate: string;
  readonly FileGuid?: string;
  readonly Lines: readonly DineroLedgerItemLine[];
}

/** `LedgerItemLineModelV2`; a null VAT code means the account's default. */
export interface DineroLedgerItemLine {
  readonly Description: string;
  readonly Amount: number;
  readonly AccountNumber: number;
  readonly AccountVatCode: string | null;
  readonly BalancingAccountNumber: number;
  readonly BalancingAccountVatCode: string | null;
}

/** `OrganizationReadModel`, as far as `verify` asks for it. */
export interface DineroOrganization {
  readonly Id: number | null;
  readonly Name: string | null;
  readonly IsPro: boolean | null;
  readonly IsPayingPro: boolean | null;
  readonly IsVatFree: boolean | null;
}

/** `EntryAccountReadModel`, the shape of both `accounts/entry` and `accounts/purchase`; `Category`/`CategoryName` are free text. */
export interface DineroEntryAccount {
  readonly AccountNumber: number;
  readonly Name: string | null;
  readonly VatCode: string | null;
  readonly Category: string | null;
  readonly CategoryName: string | null;
  readonly IsHidden: boolean;
}

/** `DepositAccountReadModel`. */
export interface DineroDepositAccount {
  readonly AccountNumber: number;
  readonly Name: string | null;
  readonly IsHidden: boolean;
  readonly IsDefault: boolean;
}

/** `VatTypeReadModel`; `VatRate` is a fraction (0.25). */
export interface DineroVatType {
  readonly VatCode: string | null;
  readonly Name: string | null;
  readonly VatRate: number;
}
