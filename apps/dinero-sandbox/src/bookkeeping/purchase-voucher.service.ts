import { Inject, Injectable } from '@nestjs/common';
import { SANDBOX_OPTIONS, RunningOptions } from '../config/sandbox.tokens';
import { DineroErrors } from '../core/dinero.errors';
import { RequestBodyReader } from '../core/request-body.reader';
import type { NewEntry } from '../state/journal.store';
import { SandboxState } from '../state/sandbox.state';
import { nextTimestamp, PurchaseDraft, PurchaseVoucher } from '../state/voucher.store';
import { bookingProblems, lineVatType, readPurchaseDraft } from './purchase-voucher.rules';
import { splitPurchaseAmount } from './vat.calculator';

export interface Booker {
  type: 'Api' | 'User';
  username: string;
}

// Creditors, where a credit purchase is owed until it is paid.
const CREDITORS_ACCOUNT = 63000;

@Injectable()
export class PurchaseVoucherService {
  constructor(
    private readonly state: SandboxState,
    @Inject(SANDBOX_OPTIONS) private readonly options: RunningOptions,
  ) {}

  readDraft(organizationId: number, body: unknown, mode: 'create' | 'update' = 'create'): PurchaseDraft {
    return readPurchaseDraft(this.state, organizationId, RequestBodyReader.of(body), this.options.now(), mode);
  }

  create(organizationId: number, body: unknown): PurchaseVoucher {
    return this.state.vouchers.create(organizationId, this.readDraft(organizationId, body), this.options.now());
  }

  get(organizationId: number, guid: string): PurchaseVoucher {
    const voucher = this.state.vouchers.get(organizationId, guid);
    if (!voucher) throw DineroErrors.notFound('Purchase voucher');
    return voucher;
  }

  private checkTimestamp(voucher: PurchaseVoucher, body: unknown, required: boolean): void {
    const reader = RequestBodyReader.of(body);
    const timestamp = reader.string('Timestamp', { required, minLength: 1 });
    reader.throwIfInvalid();
    if (timestamp !== null && timestamp !== voucher.timestamp) throw DineroErrors.staleTimestamp();
  }

  update(organizationId: number, guid: string, body: unknown): PurchaseVoucher {
    const voucher = this.get(organizationId, guid);
    if (voucher.status !== 'Draft') throw DineroErrors.validation('Status', 'A booked voucher cannot be changed');
    const draft = this.readDraft(organizationId, body, 'update');
    this.checkTimestamp(voucher, body, true);
    Object.assign(voucher, draft, { timestamp: nextTimestamp() });
    return voucher;
  }

  book(organizationId: number, guid: string, body: unknown, booker: Booker): PurchaseVoucher {
    const voucher = this.get(organizationId, guid);
    this.checkTimestamp(voucher, body, true);
    if (voucher.status !== 'Draft') throw DineroErrors.validation('Status', 'The voucher is already booked');
    const bookBody = RequestBodyReader.of(body);
    const requested = bookBody.integer('Number');
    bookBody.throwIfInvalid();
    if (requested !== null && this.state.journal.isNumberUsed(organizationId, requested)) {
      throw DineroErrors.validation('Number', `Voucher number ${requested} is already used`);
    }
    const problems = bookingProblems(this.state, voucher);
    if (Object.keys(problems).length > 0) throw DineroErrors.validationMany(problems);
    const now = this.options.now();
    voucher.voucherNumber = this.state.journal.takeNumber(organizationId, requested);
    this.state.journal.post(organizationId, this.postings(voucher, 1), now);
    // A booked cash purchase is already paid: Dinero shows it under Betalte.
    voucher.status = voucher.purchaseType === 'cash' ? 'Paid' : 'Booked';
    voucher.bookedByType = booker.type;
    voucher.bookedByUsername = booker.username;
    voucher.bookingTime = new Date(now).toISOString();
    voucher.timestamp = nextTimestamp();
    return voucher;
  }

  // A draft disappears; a booked voucher stays and gets an offsetting entry, as Danish law requires.
  delete(organizationId: number, guid: string, body: unknown, checkTimestamp = true): void {
    const voucher = this.get(organizationId, guid);
    if (checkTimestamp) {
      if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) {
        throw DineroErrors.validation('Timestamp', "Send the voucher's Timestamp in the body");
      }
      this.checkTimestamp(voucher, body, true);
    }
    if (voucher.status === 'Draft') return this.state.vouchers.remove(organizationId, guid);
    if (voucher.status === 'Deleted') throw DineroErrors.validation('Status', 'The voucher is already deleted');
    const number = this.state.journal.takeNumber(organizationId, null);
    const entries = this.postings(voucher, -1).map((entry) => ({
      ...entry,
      voucherNumber: number,
      description: `Annulleret: ${entry.description ?? ''}`.trim(),
    }));
    this.state.journal.post(organizationId, entries, this.options.now());
    voucher.status = 'Deleted';
    voucher.timestamp = nextTimestamp();
  }

  // Balanced entries for one voucher; sign -1 gives the offsetting entry.
  private postings(voucher: PurchaseVoucher, sign: 1 | -1): NewEntry[] {
    const organizationId = voucher.organizationId;
    const base = {
      date: voucher.voucherDate,
      voucherNumber: voucher.voucherNumber ?? 0,
      voucherGuid: voucher.guid,
      fileGuid: voucher.fileGuid,
      voucherType: 'PurchaseVoucher' as const,
      contactGuid: voucher.contactGuid,
    };
    const entries: NewEntry[] = [];
    let total = 0;
    for (const line of voucher.lines) {
      const vat = lineVatType(this.state, organizationId, line);
      const split = splitPurchaseAmount(line.amountOre, vat);
      const common = { ...base, description: line.description, vatCode: vat?.code ?? null };
      entries.push({ ...common, accountNumber: line.accountNumber ?? 0, amountOre: sign * split.netOre });
      if (split.vatOre !== 0 && vat?.vatAccountNumber)
        entries.push({ ...common, accountNumber: vat.vatAccountNumber, amountOre: sign * split.vatOre });
      if (split.reverseOre !== 0 && vat?.reverseChargeAccountNumber) {
        entries.push({ ...common, accountNumber: vat.reverseChargeAccountNumber, amountOre: -sign * split.reverseOre });
      }
      total += line.amountOre;
    }
    const paidFrom = voucher.purchaseType === 'cash' ? (voucher.depositAccountNumber ?? 0) : CREDITORS_ACCOUNT;
    entries.push({ ...base, description: null, vatCode: null, accountNumber: paidFrom, amountOre: -sign * total });
    return entries;
  }

  draftsUsingFile(organizationId: number, fileGuid: string): string[] {
    return this.state.vouchers
      .all(organizationId)
      .filter((voucher) => voucher.status === 'Draft' && voucher.fileGuid === fileGuid)
      .map((voucher) => voucher.guid);
  }

  // Dinero's duplicate check; the sandbox compares date and total, or the same receipt (see README).
  similar(organizationId: number, draft: PurchaseDraft): PurchaseVoucher | undefined {
    const total = draft.lines.reduce((sum, line) => sum + line.amountOre, 0);
    return this.state.vouchers.all(organizationId).find((voucher) => {
      if (voucher.status === 'Deleted') return false;
      if (draft.fileGuid !== null && voucher.fileGuid === draft.fileGuid) return true;
      const voucherTotal = voucher.lines.reduce((sum, line) => sum + line.amountOre, 0);
      return voucher.voucherDate === draft.voucherDate && voucherTotal === total && total !== 0;
    });
  }
}
