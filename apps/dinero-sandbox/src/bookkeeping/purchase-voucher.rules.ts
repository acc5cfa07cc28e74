import { kronerToOre } from '../core/money.codec';
import { RequestBodyReader } from '../core/request-body.reader';
import { isoDate } from '../core/sandbox.clock';
import type { RegionKey } from '../seed/seed.types';
import { BALANCE_SHEET, VatType } from '../state/chart.store';
import { SandboxState } from '../state/sandbox.state';
import type { PurchaseDraft, PurchaseLine, PurchaseVoucher } from '../state/voucher.store';

const REGIONS: Record<string, RegionKey> = { dk: 'DK', eu: 'EU', world: 'World' };

// Reads a PurchaseVoucherCreateModelV2 (or the update model) and checks what Dinero refuses even on a draft.
export function readPurchaseDraft(
  state: SandboxState,
  organizationId: number,
  reader: RequestBodyReader,
  now: number,
  mode: 'create' | 'update',
): PurchaseDraft {
  const update = mode === 'update';
  const typeText = reader.string('PurchaseType', { required: true, minLength: 1 });
  const purchaseType = typeText?.toLowerCase();
  if (typeText !== null && purchaseType !== 'cash' && purchaseType !== 'credit')
    reader.fail('PurchaseType', 'Must be cash or credit');
  const voucherDate = reader.date('VoucherDate', update) ?? isoDate(now);
  const paymentDate = reader.date('PaymentDate');
  const currencyKey = reader.string('CurrencyKey');
  if (purchaseType === 'cash' && paymentDate !== null)
    reader.fail('PaymentDate', 'A cash purchase is paid at once and takes no PaymentDate');
  if (purchaseType === 'cash' && currencyKey !== null)
    reader.fail('CurrencyKey', 'A cash purchase is always in DKK; use a credit purchase for foreign currency');
  const regionText = reader.string('RegionKey');
  const regionKey = regionText === null ? 'DK' : REGIONS[regionText.toLowerCase()];
  if (!regionKey) reader.fail('RegionKey', 'Must be DK, EU or World');
  const depositAccountNumber = reader.integer('DepositAccountNumber');
  if (depositAccountNumber !== null) {
    const account = state.chart.account(organizationId, depositAccountNumber);
    if (!account || account.deposit === null)
      reader.fail('DepositAccountNumber', `${depositAccountNumber} is not a deposit account`);
    else if (account.isHidden) reader.fail('DepositAccountNumber', `Account ${depositAccountNumber} is hidden`);
  }
  const contactGuid = reader.string('ContactGuid', { required: update });
  if (contactGuid !== null && !state.contacts.get(organizationId, contactGuid))
    reader.fail('ContactGuid', 'Unknown contact');
  const fileGuid = reader.string('FileGuid');
  if (fileGuid !== null && !state.files.get(organizationId, fileGuid)) reader.fail('FileGuid', 'Unknown file');
  const externalReference = reader.string('ExternalReference', { maxLength: 128 });
  const lines: PurchaseLine[] = (reader.children('Lines', update) ?? []).map((line) => {
    const parsed = readLine(state, organizationId, line);
    reader.absorb(line);
    return parsed;
  });
  reader.throwIfInvalid();
  return {
    purchaseType: purchaseType === 'credit' ? 'credit' : 'cash',
    voucherDate,
    paymentDate,
    regionKey: regionKey ?? 'DK',
    depositAccountNumber,
    contactGuid: contactGuid?.toLowerCase() ?? null,
    currencyKey,
    fileGuid,
    externalReference,
    lines,
  };
}

function readLine(state: SandboxState, organizationId: number, line: RequestBodyReader): PurchaseLine {
  const amount = line.number('Amount', true);
  const accountNumber = line.integer('AccountNumber');
  const description = line.string('Description');
  const vatCode = line.string('VatCode');
  if (accountNumber !== null) {
    const problem = purchaseAccountProblem(state, organizationId, accountNumber);
    if (problem) line.fail('AccountNumber', problem);
  }
  // An absent VAT code means the account's default; an empty one is an error (API.md).
  if (vatCode !== null && (vatCode === '' || !state.chart.vatType(organizationId, vatCode))) {
    line.fail(
      'VatCode',
      vatCode === ''
        ? 'An empty VAT code is not allowed; leave it out for the account default'
        : `Unknown VAT code ${vatCode}`,
    );
  }
  return { accountNumber, description, amountOre: kronerToOre(amount ?? 0), vatCode };
}

export function purchaseAccountProblem(
  state: SandboxState,
  organizationId: number,
  accountNumber: number,
): string | null {
  const account = state.chart.account(organizationId, accountNumber);
  if (!account) return `Unknown account ${accountNumber}`;
  if (account.isHidden) return `Account ${accountNumber} is hidden`;
  if (BALANCE_SHEET.includes(account.kind))
    return `Balance-sheet account ${accountNumber} cannot be used on a purchase`;
  return null;
}

export function lineVatType(state: SandboxState, organizationId: number, line: PurchaseLine): VatType | null {
  const code =
    line.vatCode ??
    (line.accountNumber !== null ? state.chart.account(organizationId, line.accountNumber)?.vatCode : null);
  return code ? (state.chart.vatType(organizationId, code) ?? null) : null;
}

// The bookkeeping rules checked when a voucher is booked (a draft may still be incomplete).
export function bookingProblems(state: SandboxState, voucher: PurchaseVoucher): Record<string, string> {
  const problems: Record<string, string> = {};
  const organizationId = voucher.organizationId;
  if (voucher.lines.length === 0) problems['Lines'] = 'A voucher needs at least one line to be booked';
  if (voucher.purchaseType === 'cash' && voucher.depositAccountNumber === null) {
    problems['DepositAccountNumber'] = 'A cash purchase needs the deposit account that paid';
  }
  if (voucher.purchaseType === 'credit' && voucher.contactGuid === null)
    problems['ContactGuid'] = 'A credit purchase needs a supplier';
  voucher.lines.forEach((line, index) => {
    const field = `Lines[${index}]`;
    const problem =
      line.accountNumber === null
        ? 'An account is required'
        : purchaseAccountProblem(state, organizationId, line.accountNumber);
    if (problem) problems[`${field}.AccountNumber`] = problem;
    const vat = lineVatType(state, organizationId, line);
    if (vat && vat.direction === 'sales') problems[`${field}.VatCode`] = `${vat.code} is a sales VAT code`;
    else if (vat && vat.region !== null && vat.region !== voucher.regionKey) {
      problems[`${field}.VatCode`] = `VAT code ${vat.code} does not fit region ${voucher.regionKey}`;
    }
  });
  return problems;
}
