export type LedgerStatus = 'Draft' | 'PendingBooking' | 'Booked';

export interface LedgerLine {
  id: string;
  description: string | null;
  amountOre: number;
  accountNumber: number | null;
  accountVatCode: string | null;
  balancingAccountNumber: number | null;
  balancingAccountVatCode: string | null;
  isPaymentForVoucherId: string | null;
}

export interface LedgerItem {
  id: string;
  organizationId: number;
  version: string;
  requestedVoucherNumber: number | null;
  voucherDate: string;
  fileGuid: string | null;
  lines: LedgerLine[];
  status: LedgerStatus;
  /** When a PendingBooking item turns Booked (booking is asynchronous in Dinero). */
  bookAt: number | null;
  voucherNumber: number | null;
  createdAt: number;
}

export class LedgerStore {
  private readonly items = new Map<number, Map<string, LedgerItem>>();

  clear(): void {
    this.items.clear();
  }

  private of(organizationId: number): Map<string, LedgerItem> {
    let items = this.items.get(organizationId);
    if (!items) this.items.set(organizationId, (items = new Map()));
    return items;
  }

  add(item: LedgerItem): void {
    this.of(item.organizationId).set(item.id.toLowerCase(), item);
  }

  get(organizationId: number, id: string): LedgerItem | undefined {
    return this.of(organizationId).get(id.toLowerCase());
  }

  remove(organizationId: number, id: string): void {
    this.of(organizationId).delete(id.toLowerCase());
  }

  all(organizationId: number): LedgerItem[] {
    return [...this.of(organizationId).values()];
  }
}
