import { createHash, randomUUID } from 'node:crypto';
import {
  CategoryEntity,
  CompanySetupEntity,
  LedgerAccountEntity,
  TaxCodeEntity,
  TransactionEntity,
  TransactionReceiptEntity,
} from '@ledgerbridge/persistence';
import type { DataSource } from 'typeorm';
import { companyWithTransactions } from './ledger-db';

/** The setup accounts (55000 deposit, 6800 out-of-pocket, 6810 reimbursement) in the chart and the setup naming them. */
export async function setupAccountsOf(ds: DataSource, companyId: string, more: readonly Account[] = []): Promise<void> {
  const accounts: readonly Account[] = [
    ['55000', 'deposit', false],
    ['6800', 'balance', false],
    ['6810', 'balance', false],
    ...more,
  ];
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
  await ds.getRepository(CompanySetupEntity).insert({
    companyId,
    depositAccount: '55000',
    outOfPocketAccount: '6800',
    reimbursementAccount: '6810',
  });
}

type Account = readonly [number: string, kind: 'deposit' | 'balance' | 'expense', expenseAllowed: boolean];

/** A company connected to `dinero` whose setup and chart book a card expense in `travel`, and one reimbursement. */
export async function bookingCompany(ds: DataSource) {
  const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
  await setupAccountsOf(ds, companyId, [['2200', 'expense', true]]);
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
  return { companyId, transactionIds };
}

/** A received card expense of 125.00 DKK in `travel` (no receipt, no export); its id. */
export async function cardExpenseOf(ds: DataSource, companyId: string): Promise<string> {
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
  return transactionId;
}

/** A PDF receipt row as the host stores it, its bytes put in `store` (the writer's receipt port) by SHA-256. */
export function receiptRow(
  companyId: string,
  transactionId: string,
  store: Map<string, Uint8Array>,
  bytes: Buffer,
  fileName = 'dsb.pdf',
): TransactionReceiptEntity {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  store.set(sha256, bytes);
  return {
    transactionId,
    companyId,
    sha256,
    contentType: 'application/pdf',
    size: bytes.length,
    fileName,
    receivedContentType: 'application/pdf',
    receivedSize: bytes.length,
    converted: false,
    shrunk: false,
    receivedAt: new Date(),
  };
}

/** Stores a receipt directly (a starting point; changes under test go through ReceiptChanges). */
export async function receiptOf(
  ds: DataSource,
  companyId: string,
  transactionId: string,
  store: Map<string, Uint8Array>,
  bytes: Buffer,
  fileName = 'dsb.pdf',
): Promise<TransactionReceiptEntity> {
  const row = receiptRow(companyId, transactionId, store, bytes, fileName);
  await ds.getRepository(TransactionReceiptEntity).insert(row);
  return row;
}
