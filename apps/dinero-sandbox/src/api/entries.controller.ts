import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DineroApi, OrganizationId } from '../auth/dinero-api.decorator';
import { LedgerItemService } from '../bookkeeping/ledger-item.service';
import { SANDBOX_OPTIONS, RunningOptions } from '../config/sandbox.tokens';
import { DineroErrors } from '../core/dinero.errors';
import { oreToKroner } from '../core/money.codec';
import { QueryValue, single } from '../core/query.params';
import type { JournalEntry } from '../state/journal.store';
import { SandboxState } from '../state/sandbox.state';

// The document declares fromDate and toDate as date-times; a plain date is taken too. Only the day counts, as
// written (a Danish ledger's days), so 2026-12-31T23:00:00+01:00 means 31 December.
const DATE_OR_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

function day(name: string, value: string | undefined): string {
  const match = value === undefined ? null : DATE_OR_DATE_TIME.exec(value);
  if (!match || Number.isNaN(Date.parse(match[1])))
    throw DineroErrors.validation(name, 'Expected a date-time, such as 2026-01-01T00:00:00Z');
  return match[1];
}
const MAX_CHANGE_WINDOW_MS = 31 * 24 * 3600_000;

@DineroApi()
@Controller('v1/:organizationId/entries')
export class EntriesController {
  constructor(
    private readonly state: SandboxState,
    private readonly ledger: LedgerItemService,
    @Inject(SANDBOX_OPTIONS) private readonly options: RunningOptions,
  ) {}

  private readModel(entry: JournalEntry) {
    const account = this.state.chart.account(entry.organizationId, entry.accountNumber);
    const vat = entry.vatCode ? this.state.chart.vatType(entry.organizationId, entry.vatCode) : undefined;
    return {
      AccountNumber: entry.accountNumber,
      AccountName: account?.name ?? null,
      Date: entry.date,
      VoucherNumber: entry.voucherNumber,
      VoucherGuid: entry.voucherGuid,
      FileGuid: entry.fileGuid,
      VoucherType: entry.voucherType,
      Description: entry.description,
      VatType: vat?.name ?? null,
      VatCode: entry.vatCode,
      Amount: oreToKroner(entry.amountOre),
      EntryGuid: entry.guid,
      ContactGuid: entry.contactGuid,
      Type: 'Normal',
    };
  }

  // Both dates are needed and must lie in one accounting year (calendar years in the sandbox).
  @Get()
  list(
    @OrganizationId() organizationId: number,
    @Query('fromDate') from?: QueryValue,
    @Query('toDate') to?: QueryValue,
  ) {
    const fromDate = day('fromDate', single('fromDate', from));
    const toDate = day('toDate', single('toDate', to));
    if (fromDate.slice(0, 4) !== toDate.slice(0, 4))
      throw DineroErrors.validation('toDate', 'The period must lie within one accounting year');
    this.ledger.settle(organizationId);
    return this.state.journal
      .all(organizationId)
      .filter((entry) => entry.date >= fromDate && entry.date <= toDate)
      .map((entry) => this.readModel(entry));
  }

  @Get('changes')
  changes(
    @OrganizationId() organizationId: number,
    @Query('changesFrom') fromGiven?: QueryValue,
    @Query('changesTo') toGiven?: QueryValue,
  ) {
    const [changesFrom, changesTo] = [single('changesFrom', fromGiven), single('changesTo', toGiven)];
    const from = changesFrom ? Date.parse(changesFrom) : NaN;
    const to = changesTo ? Date.parse(changesTo) : this.options.now();
    if (Number.isNaN(from)) throw DineroErrors.validation('changesFrom', 'Expected a UTC timestamp');
    if (Number.isNaN(to)) throw DineroErrors.validation('changesTo', 'Expected a UTC timestamp');
    if (to - from > MAX_CHANGE_WINDOW_MS || to < from)
      throw DineroErrors.validation('changesTo', 'The window may span at most 31 days');
    this.ledger.settle(organizationId);
    return this.state.journal
      .all(organizationId)
      .filter((entry) => entry.postedAt >= from && entry.postedAt <= to)
      .map((entry) => this.readModel(entry));
  }
}
