import { vatOfInclusive, vatOfNet } from '../core/money.codec';
import type { VatType } from '../state/chart.store';

export interface VatSplit {
  /** What the expense (or revenue) account receives. */
  netOre: number;
  /** Deductible VAT, posted to the VAT type's account. */
  vatOre: number;
  /** Reverse-charged VAT owed, posted (negative) to the reverse-charge account. */
  reverseOre: number;
  /** What the line shows as its VAT. */
  shownVatOre: number;
}

// Splits a VAT-inclusive purchase amount, as Dinero does from the line's VAT code.
export function splitPurchaseAmount(amountOre: number, vat: VatType | null): VatSplit {
  if (!vat || vat.rate === 0 || vat.direction === 'none')
    return { netOre: amountOre, vatOre: 0, reverseOre: 0, shownVatOre: 0 };
  if (vat.reverseCharge) {
    // Abroad the price carries no Danish VAT: the buyer owes it and deducts it at once.
    const owed = vatOfNet(amountOre, vat.rate);
    const deductible = Math.round(owed * vat.deductibleShare);
    return { netOre: amountOre, vatOre: deductible, reverseOre: owed, shownVatOre: 0 };
  }
  const vatOre = vatOfInclusive(amountOre, vat.rate);
  const deductible = Math.round(vatOre * vat.deductibleShare);
  // The part of the VAT that may not be deducted (restaurant) stays on the expense account.
  return { netOre: amountOre - deductible, vatOre: deductible, reverseOre: 0, shownVatOre: deductible };
}
