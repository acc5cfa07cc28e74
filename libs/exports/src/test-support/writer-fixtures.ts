import { randomUUID } from 'node:crypto';
import {
  CategoryEntity,
  CompanySetupEntity,
  LedgerAccountEntity,
  TaxCodeEntity,
  TransactionEntity,
  TransactionReceiptEntity,
} from '@ledgerbridge/persistence';
import type { DataSource } from 'typeorm';
import { companyWithTransactions, exportIn } from './ledger-db';
import type { memoryPorts } from './memory-provider';

/** A connected company whose setup and chart book a card expense and a reimbursement. */
export async function writerCompany(ds: DataSource) {
  const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
  const accounts = [
    ['55000', 'deposit', false],
    ['6800', 'balance', false],
    ['6810', 'balance', false],
    ['2200', 'expense', true],
  ] as const;
  for (const [number, kind, expenseAllowed] of accounts)
    await ds.getRepository(LedgerAccountEntity).insert({
      id: randomUUID(),
      companyId,
      number,
      name: `Konto ${number}`,
      kind,
      active: true,
      expenseAllowed,
      syncedAt: new Date(),
    });
  await ds.getRepository(TaxCodeEntity).insert({
    id: randomUUID(),
    companyId,
    code: 'I25',
    name: 'Købsmoms 25%',
    rateBasisPoints: 2500,
    direction: 'purchase',
    active: true,
    syncedAt: new Date(),
  });
  await ds
    .getRepository(CategoryEntity)
    .insert({ id: randomUUID(), companyId, key: 'travel', name: 'Rejser', accountNumber: '2200', taxCode: 'I25' });
  await ds.getRepository(CompanySetupEntity).insert({
    companyId,
    depositAccount: '55000',
    outOfPocketAccount: '6800',
    reimbursementAccount: '6810',
  });
  const reimbursement = await exportIn(ds, companyId, transactionIds[0]!, 'queued');
  return { companyId, reimbursement };
}

/** A card expense of 125.00 DKK in `travel`, with a stored PDF receipt unless `receipt` is false. */
export async function storedCardExpense(
  ds: DataSource,
  companyId: string,
  ports: ReturnType<typeof memoryPorts>,
  receipt = true,
) {
  const transactionId = randomUUID();
  await ds.getRepository(TransactionEntity).insert({
    id: transactionId,
    companyId,
    platformId: `pf-${transactionId}`,
    kind: 'card_expense',
    state: 'received',
    version: 1,
    bookedOn: '2026-11-24',
    amount: 12_500,
    currency: 'DKK',
    settledAmount: null,
    exchangeRate: null,
    merchant: 'DSB',
    description: 'Train',
    employeeId: 'e1',
    employeeName: 'Ida',
    categoryKey: 'travel',
    taxCode: null,
    lines: null,
    paidFrom: null,
    contentHash: 'e'.repeat(64),
  });
  if (receipt) {
    const sha256 = randomUUID().replace(/-/g, '').padEnd(64, '0');
    ports.receiptBytes.set(sha256, Buffer.from('%PDF-1.4 receipt'));
    await ds.getRepository(TransactionReceiptEntity).insert({
      transactionId,
      companyId,
      sha256,
      contentType: 'application/pdf',
      size: 16,
      fileName: 'dsb.pdf',
      receivedContentType: 'application/pdf',
      receivedSize: 16,
      converted: false,
      shrunk: false,
      receivedAt: new Date(),
    });
  }
  return exportIn(ds, companyId, transactionId, 'queued');
}
