import { randomUUID } from 'node:crypto';
import type { RegionKey } from '../seed/seed.types';

export type PurchaseStatus = 'Draft' | 'Paid' | 'Booked' | 'Deleted';

export interface PurchaseLine {
  accountNumber: number | null;
  description: string | null;
  amountOre: number;
  /** As sent: null means the account's default VAT code. */
  vatCode: string | null;
}

export interface PurchaseDraft {
  purchaseType: 'cash' | 'credit';
  voucherDate: string;
  paymentDate: string | null;
  regionKey: RegionKey;
  depositAccountNumber: number | null;
  contactGuid: string | null;
  currencyKey: string | null;
  fileGuid: string | null;
  externalReference: string | null;
  lines: PurchaseLine[];
}

export interface PurchaseVoucher extends PurchaseDraft {
  guid: string;
  /** Dinero's numeric voucher id, shown in file links. */
  id: number;
  organizationId: number;
  timestamp: string;
  status: PurchaseStatus;
  voucherNumber: number | null;
  bookedByType: string | null;
  bookedByUsername: string | null;
  bookingTime: string | null;
  createdAt: number;
}

let timestampCounter = 0x1f4a0;

// Dinero's Timestamp is an opaque row version; a counter in hex looks and behaves like one.
export function nextTimestamp(): string {
  timestampCounter += 1;
  return timestampCounter.toString(16).toUpperCase().padStart(16, '0');
}

export class VoucherStore {
  private readonly vouchers = new Map<number, Map<string, PurchaseVoucher>>();
  private nextId = 1;

  clear(): void {
    this.vouchers.clear();
  }

  private of(organizationId: number): Map<string, PurchaseVoucher> {
    let vouchers = this.vouchers.get(organizationId);
    if (!vouchers) this.vouchers.set(organizationId, (vouchers = new Map()));
    return vouchers;
  }

  create(organizationId: number, draft: PurchaseDraft, now: number): PurchaseVoucher {
    const voucher: PurchaseVoucher = {
      ...draft,
      guid: randomUUID(),
      id: this.nextId++,
      organizationId,
      timestamp: nextTimestamp(),
      status: 'Draft',
      voucherNumber: null,
      bookedByType: null,
      bookedByUsername: null,
      bookingTime: null,
      createdAt: now,
    };
    this.of(organizationId).set(voucher.guid, voucher);
    return voucher;
  }

  get(organizationId: number, guid: string): PurchaseVoucher | undefined {
    return this.of(organizationId).get(guid.toLowerCase());
  }

  remove(organizationId: number, guid: string): void {
    this.of(organizationId).delete(guid.toLowerCase());
  }

  all(organizationId: number): PurchaseVoucher[] {
    return [...this.of(organizationId).values()];
  }
}
