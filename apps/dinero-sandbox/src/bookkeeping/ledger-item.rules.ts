import { randomUUID } from 'node:crypto';
import { kronerToOre, oreToKroner } from '../core/money.codec';
import { RequestBodyReader } from '../core/request-body.reader';
import { isoDate } from '../core/sandbox.clock';
import type { LedgerItem, LedgerLine } from '../state/ledger.store';
import { SandboxState } from '../state/sandbox.state';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type LedgerItemFields = Pick<LedgerItem, 'requestedVoucherNumber' | 'voucherDate' | 'fileGuid' | 'lines'>;

export function readItemId(reader: RequestBodyReader, required: boolean): string | null {
  const id = reader.string('Id', { required });
  if (id !== null && !UUID.test(id)) reader.fail('Id', 'Expected a GUID');
  return id?.toLowerCase() ?? null;
}

function checkAccount(
  state: SandboxState,
  organizationId: number,
  line: RequestBodyReader,
  field: string,
  number: number | null,
): void {
  if (number === null) return;
  const account = state.chart.account(organizationId, number);
  if (!account) line.fail(field, `Unknown account ${number}`);
  else if (account.isHidden) line.fail(field, `Account ${number} is hidden`);
}

function checkVat(
  state: SandboxState,
  organizationId: number,
  line: RequestBodyReader,
  field: string,
  code: string | null,
): void {
  if (code !== null && !state.chart.vatType(organizationId, code)) line.fail(field, `Unknown VAT code ${code}`);
}

// Reads one LedgerItemModelV2 (a Kassekladde line group) and checks that it can be booked.
export function readLedgerItem(
  state: SandboxState,
  organizationId: number,
  reader: RequestBodyReader,
  now: number,
): LedgerItemFields {
  const voucherDate = reader.date('VoucherDate') ?? isoDate(now);
  const requestedVoucherNumber = reader.integer('VoucherNumber');
  const fileGuid = reader.string('FileGuid');
  if (fileGuid !== null && !state.files.get(organizationId, fileGuid)) reader.fail('FileGuid', 'Unknown file');
  const lineReaders = reader.children('Lines', true) ?? [];
  if (reader.has('Lines') && lineReaders.length === 0) reader.fail('Lines', 'At least one line is required');
  let unbalanced = 0;
  const lines: LedgerLine[] = lineReaders.map((line) => {
    const amount = line.number('Amount', true) ?? 0;
    const accountNumber = line.integer('AccountNumber', true);
    const balancingAccountNumber = line.integer('BalancingAccountNumber');
    const accountVatCode = line.string('AccountVatCode');
    const balancingAccountVatCode = line.string('BalancingAccountVatCode');
    checkAccount(state, organizationId, line, 'AccountNumber', accountNumber);
    checkAccount(state, organizationId, line, 'BalancingAccountNumber', balancingAccountNumber);
    checkVat(state, organizationId, line, 'AccountVatCode', accountVatCode);
    checkVat(state, organizationId, line, 'BalancingAccountVatCode', balancingAccountVatCode);
    const id = line.string('Id');
    if (id !== null && !UUID.test(id)) line.fail('Id', 'Expected a GUID');
    const parsed: LedgerLine = {
      id: id ?? randomUUID(),
      description: line.string('Description'),
      amountOre: kronerToOre(amount),
      accountNumber,
      accountVatCode,
      balancingAccountNumber,
      balancingAccountVatCode,
      isPaymentForVoucherId: line.string('IsPaymentForVoucherId'),
    };
    if (balancingAccountNumber === null) unbalanced += parsed.amountOre;
    reader.absorb(line);
    return parsed;
  });
  // Lines without a balancing account must balance each other, or the voucher could never be booked.
  if (unbalanced !== 0)
    reader.fail('Lines', `The lines without a balancing account are off by ${oreToKroner(unbalanced)}`);
  return { voucherDate, requestedVoucherNumber, fileGuid, lines };
}

export function ledgerItemReadModel(item: LedgerItem) {
  return {
    Id: item.id,
    Version: item.version,
    VoucherNumber: item.voucherNumber ?? item.requestedVoucherNumber,
    VoucherDate: item.voucherDate,
    FileGuid: item.fileGuid,
    Lines: item.lines.map((line) => ({
      Id: line.id,
      Description: line.description,
      Amount: oreToKroner(line.amountOre),
      AccountNumber: line.accountNumber,
      AccountVatCode: line.accountVatCode,
      BalancingAccountNumber: line.balancingAccountNumber,
      BalancingAccountVatCode: line.balancingAccountVatCode,
      IsPaymentForVoucherId: line.isPaymentForVoucherId,
    })),
  };
}
