import { oreToKroner } from '../core/money.codec';
import { SandboxState } from '../state/sandbox.state';
import type { PurchaseDraft, PurchaseVoucher } from '../state/voucher.store';
import { lineVatType } from './purchase-voucher.rules';
import { splitPurchaseAmount } from './vat.calculator';

// Danish small-asset limit (2025): above it Dinero hints that the purchase may be a fixed asset.
const SMALL_ASSET_LIMIT_ORE = 3_310_000;

export function purchaseLines(state: SandboxState, organizationId: number, draft: PurchaseDraft) {
  return draft.lines.map((line) => {
    const vat = lineVatType(state, organizationId, line);
    const split = splitPurchaseAmount(line.amountOre, vat);
    return {
      Description: line.description,
      VatCode: vat?.code ?? line.vatCode,
      AccountNumber: line.accountNumber,
      AmountExclVatValue: oreToKroner(line.amountOre - split.shownVatOre),
      AmountInclVatValue: oreToKroner(line.amountOre),
      VatAmountValue: oreToKroner(split.shownVatOre),
      AccountTagName: null,
      AccountWeightTagId: null,
      AccountWeightTagVersion: null,
      AccountTagSynonym: null,
    };
  });
}

export function purchaseTotals(lines: ReturnType<typeof purchaseLines>) {
  const sum = (pick: (line: (typeof lines)[number]) => number) =>
    oreToKroner(lines.reduce((total, line) => total + Math.round(pick(line) * 100), 0));
  return [
    { Label: 'Subtotal', Total: sum((line) => line.AmountExclVatValue), Type: 'SubTotalWithoutVat', Position: 0 },
    { Label: 'Moms', Total: sum((line) => line.VatAmountValue), Type: 'Vat', Position: 1 },
    { Label: 'Total', Total: sum((line) => line.AmountInclVatValue), Type: 'Total', Position: 2 },
  ];
}

export function purchaseReadModel(state: SandboxState, voucher: PurchaseVoucher) {
  const lines = purchaseLines(state, voucher.organizationId, voucher);
  return {
    Guid: voucher.guid,
    Timestamp: voucher.timestamp,
    Status: voucher.status,
    FileGuid: voucher.fileGuid,
    VoucherNumber: voucher.voucherNumber,
    VoucherDate: voucher.voucherDate,
    PaymentDate:
      voucher.purchaseType === 'cash' && voucher.status !== 'Draft' ? voucher.voucherDate : voucher.paymentDate,
    RegionKey: voucher.regionKey,
    PurchaseType: voucher.purchaseType,
    Lines: lines,
    DepositAccountNumber: voucher.depositAccountNumber,
    ContactGuid: voucher.contactGuid,
    ExternalReference: voucher.externalReference,
    VoucherTotals: purchaseTotals(lines),
    CurrencyKey: voucher.currencyKey ?? 'DKK',
    BookedByType: voucher.bookedByType,
    BookedByUsername: voucher.bookedByUsername,
    BookingTime: voucher.bookingTime,
  };
}

export function purchaseFetchModel(state: SandboxState, organizationId: number, draft: PurchaseDraft) {
  const lines = purchaseLines(state, organizationId, draft);
  const net = lines.reduce((total, line) => total + Math.round(line.AmountExclVatValue * 100), 0);
  return {
    Status: 'Draft',
    FileGuid: draft.fileGuid,
    VoucherNumber: null,
    VoucherDate: draft.voucherDate,
    PaymentDate: draft.paymentDate,
    RegionKey: draft.regionKey,
    PurchaseType: draft.purchaseType,
    Lines: lines,
    DepositAccountNumber: draft.depositAccountNumber,
    ContactGuid: draft.contactGuid,
    ExternalReference: draft.externalReference,
    VoucherTotals: purchaseTotals(lines),
    ShouldPossiblyBeFixedAsset: net > SMALL_ASSET_LIMIT_ORE,
  };
}
