import type { DataSource } from 'typeorm';
import { bookingCompany, cardExpenseOf, receiptOf } from './expense-company';
import { exportIn } from './ledger-db';
import type { memoryPorts } from './memory-provider';

/** A connected company whose setup and chart book a card expense, with a queued reimbursement export. */
export async function writerCompany(ds: DataSource) {
  const { companyId, transactionIds } = await bookingCompany(ds);
  const reimbursement = await exportIn(ds, companyId, transactionIds[0]!, 'queued');
  return { companyId, reimbursement };
}

/** A queued card expense of 125.00 DKK in `travel`, with a stored PDF receipt unless `receipt` is false. */
export async function storedCardExpense(
  ds: DataSource,
  companyId: string,
  ports: ReturnType<typeof memoryPorts>,
  receipt = true,
) {
  const transactionId = await cardExpenseOf(ds, companyId);
  if (receipt) await receiptOf(ds, companyId, transactionId, ports.receiptBytes, Buffer.from('%PDF-1.4 receipt'));
  return exportIn(ds, companyId, transactionId, 'queued');
}
