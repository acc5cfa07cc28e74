import { ConnectorError, externalRefProblem, type ExpenseVoucher } from '@ledgerbridge/connector-sdk';
import type { DineroCashPurchaseVoucher, DineroPurchaseVoucherLine } from './dinero-wire.types';
import { accountNumberOf, dineroDateOf, kronerOf } from './money.payload';

/**
 * A card or out-of-pocket expense as a cash purchase voucher draft for `POST /v1.2/{org}/vouchers/purchase`.
 * Cash vouchers are always DKK and must carry neither `CurrencyKey` nor `PaymentDate` (Dinero answers 400).
 */
export function purchaseVoucherBody(voucher: ExpenseVoucher): DineroCashPurchaseVoucher {
  const refProblem = externalRefProblem(voucher.externalRef);
  if (refProblem !== undefined) {
    throw new ConnectorError('validation', `The external reference cannot be sent to Dinero: ${refProblem}.`, {
      field: 'ExternalReference',
    });
  }
  if (voucher.lines.length === 0) {
    throw new ConnectorError('validation', 'A Dinero purchase voucher needs at least one line.', { field: 'Lines' });
  }
  const lines = voucher.lines.map((line, index): DineroPurchaseVoucherLine => {
    const field = (name: string) => `Lines[${index}].${name}`;
    // Dinero treats an empty VAT code as an error, not as "the account's default".
    if (line.taxCode.trim() === '') {
      throw new ConnectorError('validation', `Line ${index + 1} of the voucher has no VAT code.`, {
        field: field('VatCode'),
      });
    }
    return {
      Amount: kronerOf(line.amount, field('Amount')),
      AccountNumber: accountNumberOf(line.accountNumber, field('AccountNumber')),
      Description: line.description,
      VatCode: line.taxCode,
    };
  });
  return {
    PurchaseType: 'cash',
    VoucherDate: dineroDateOf(voucher.date, 'VoucherDate'),
    DepositAccountNumber: accountNumberOf(voucher.paidFromAccount, 'DepositAccountNumber'),
    ...(voucher.attachmentRef !== undefined && { FileGuid: voucher.attachmentRef.id }),
    ExternalReference: voucher.externalRef,
    Lines: lines,
  };
}
