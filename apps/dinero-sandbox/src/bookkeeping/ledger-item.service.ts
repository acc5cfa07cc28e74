import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SANDBOX_OPTIONS, RunningOptions } from '../config/sandbox.tokens';
import { DineroErrors } from '../core/dinero.errors';
import { readArray, RequestBodyReader } from '../core/request-body.reader';
import type { NewEntry } from '../state/journal.store';
import type { LedgerItem } from '../state/ledger.store';
import { SandboxState } from '../state/sandbox.state';
import { nextTimestamp } from '../state/voucher.store';
import { readItemId, readLedgerItem } from './ledger-item.rules';
import { splitPurchaseAmount } from './vat.calculator';

const MAX_ITEMS = 1000;

@Injectable()
export class LedgerItemService {
  constructor(
    private readonly state: SandboxState,
    @Inject(SANDBOX_OPTIONS) private readonly options: RunningOptions,
  ) {}

  create(organizationId: number, body: unknown): LedgerItem[] {
    const readers = readArray(body);
    if (readers.length === 0) throw DineroErrors.validation('body', 'Send at least one ledger item');
    if (readers.length > MAX_ITEMS) throw DineroErrors.validation('body', `At most ${MAX_ITEMS} items per ledger`);
    const now = this.options.now();
    const seen = new Set<string>();
    const items = readers.map((reader) => {
      const id = readItemId(reader, false) ?? randomUUID();
      const fields = readLedgerItem(this.state, organizationId, reader, now);
      reader.throwIfInvalid();
      // The client chooses the Id, so a retried create is refused instead of booked twice.
      if (seen.has(id) || this.state.ledger.get(organizationId, id)) throw DineroErrors.duplicated(id);
      seen.add(id);
      const item: LedgerItem = {
        ...fields,
        id,
        organizationId,
        version: nextTimestamp(),
        status: 'Draft',
        bookAt: null,
        voucherNumber: null,
        createdAt: now,
      };
      return item;
    });
    for (const item of items) this.state.ledger.add(item);
    return items;
  }

  private find(organizationId: number, reader: RequestBodyReader): LedgerItem {
    const id = readItemId(reader, true);
    reader.throwIfInvalid();
    const item = id === null ? undefined : this.state.ledger.get(organizationId, id);
    if (!item) throw DineroErrors.notFound(`Ledger item ${id}`, 400);
    const version = reader.string('Version');
    if (version !== null && version !== item.version) throw DineroErrors.staleTimestamp(`${reader.field('Version')}`);
    return item;
  }

  private findDraft(organizationId: number, reader: RequestBodyReader): LedgerItem {
    const item = this.find(organizationId, reader);
    if (item.status !== 'Draft')
      throw DineroErrors.validation(reader.field('Id'), `Ledger item ${item.id} is ${item.status}`);
    return item;
  }

  update(organizationId: number, body: unknown): LedgerItem[] {
    const now = this.options.now();
    const changes = readArray(body).map((reader) => {
      const item = this.findDraft(organizationId, reader);
      const fields = readLedgerItem(this.state, organizationId, reader, now);
      reader.throwIfInvalid();
      return { item, fields };
    });
    return changes.map(({ item, fields }) => Object.assign(item, fields, { version: nextTimestamp() }));
  }

  // Booking only starts here: items read PendingBooking until the configured delay has passed.
  book(organizationId: number, body: unknown): void {
    const items = readArray(body).map((reader) => this.findDraft(organizationId, reader));
    const bookAt = this.options.now() + this.options.ledgerBookingDelayMs;
    for (const item of items) {
      item.status = 'PendingBooking';
      item.bookAt = bookAt;
    }
    this.settle(organizationId);
  }

  delete(organizationId: number, body: unknown): void {
    const items = readArray(body).map((reader) => this.findDraft(organizationId, reader));
    for (const item of items) this.state.ledger.remove(organizationId, item.id);
  }

  status(organizationId: number, body: unknown): LedgerItem[] {
    this.settle(organizationId);
    return readArray(body)
      .map((reader) => {
        const id = readItemId(reader, true);
        reader.throwIfInvalid();
        return id === null ? undefined : this.state.ledger.get(organizationId, id);
      })
      .filter((item): item is LedgerItem => item !== undefined);
  }

  unbooked(organizationId: number, body: unknown): LedgerItem[] {
    this.settle(organizationId);
    const readers = Array.isArray(body) ? readArray(body) : [];
    const ids = readers.map((reader) => readItemId(reader, true));
    // The document requires Id on every item; one without is refused, not read as "every draft".
    for (const reader of readers) reader.throwIfInvalid();
    const drafts = this.state.ledger.all(organizationId).filter((item) => item.status === 'Draft');
    return ids.length === 0 ? drafts : drafts.filter((item) => ids.includes(item.id));
  }

  // Completes bookings whose delay has passed; called before every read that could see them.
  settle(organizationId: number): void {
    const now = this.options.now();
    for (const item of this.state.ledger.all(organizationId)) {
      if (item.status !== 'PendingBooking' || item.bookAt === null || item.bookAt > now) continue;
      const requested = item.requestedVoucherNumber;
      const free = requested !== null && !this.state.journal.isNumberUsed(organizationId, requested);
      item.voucherNumber = this.state.journal.takeNumber(organizationId, free ? requested : null);
      this.state.journal.post(organizationId, this.postings(item), now);
      item.status = 'Booked';
      item.version = nextTimestamp();
    }
  }

  private postings(item: LedgerItem): NewEntry[] {
    const entries: NewEntry[] = [];
    const base = {
      date: item.voucherDate,
      voucherNumber: item.voucherNumber ?? 0,
      voucherGuid: null,
      fileGuid: item.fileGuid,
      voucherType: 'Manuel' as const,
      contactGuid: null,
    };
    const side = (accountNumber: number, amountOre: number, vatCode: string | null, description: string | null) => {
      const code = vatCode ?? this.state.chart.account(item.organizationId, accountNumber)?.vatCode ?? null;
      const vat = code ? (this.state.chart.vatType(item.organizationId, code) ?? null) : null;
      const split = splitPurchaseAmount(amountOre, vat);
      const common = { ...base, description, vatCode: vat?.code ?? null };
      entries.push({ ...common, accountNumber, amountOre: split.netOre });
      if (split.vatOre !== 0 && vat?.vatAccountNumber)
        entries.push({ ...common, accountNumber: vat.vatAccountNumber, amountOre: split.vatOre });
      if (split.reverseOre !== 0 && vat?.reverseChargeAccountNumber) {
        entries.push({ ...common, accountNumber: vat.reverseChargeAccountNumber, amountOre: -split.reverseOre });
      }
    };
    for (const line of item.lines) {
      if (line.accountNumber !== null) side(line.accountNumber, line.amountOre, line.accountVatCode, line.description);
      if (line.balancingAccountNumber !== null)
        side(line.balancingAccountNumber, -line.amountOre, line.balancingAccountVatCode, line.description);
    }
    return entries;
  }
}
