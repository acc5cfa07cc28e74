import { connectWithApiKey, waitForSync } from './test-support/connections';
import { e2eEnv } from './test-support/e2e-env';
import { RunningHost, startHost, stopHost, waitForOutput } from './test-support/host-process';
import { call, newCompanyWithKey } from './test-support/http';
import { dinero, newOrganization, sandbox } from './test-support/sandbox';
import { cardExpense, platformId } from './test-support/transactions';

interface ExportView {
  id: string;
  state: string;
  providerId: string | null;
  voucherNumber: string | null;
  lastError: { code: string; message: string } | null;
}
interface Transaction {
  id: string;
  state: string;
  export: ExportView | null;
}

async function until<T>(what: string, deadlineMs: number, read: () => Promise<T>, done: (v: T) => boolean) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('export status followed back from the sandbox', () => {
  let worker: RunningHost;

  // A worker of its own that reads the status every second (the suite's shared worker reads it hourly).
  beforeAll(async () => {
    const env = e2eEnv();
    worker = startHost({
      REDIS_URL: env.redisUrl,
      DATABASE_URL: env.databaseUrl,
      DATA_DIR: env.dataDir,
      ADMIN_API_KEY: env.adminKey,
      LOG_LEVEL: 'warn',
      SYNC_INTERVAL_MINUTES: '0',
      ROLE: 'worker',
      EXPORT_STATUS_SECONDS: '1',
      ...env.dineroEnv,
    });
    await waitForOutput(worker, 'worker is running');
  }, 90_000);
  afterAll(() => stopHost(worker));

  it('shows an approved draft booked, a deleted draft deleted_in_provider (re-exported anew), a ledger item booked', async () => {
    const company = await newCompanyWithKey('Export Status ApS');
    const org = await newOrganization();
    const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    await waitForSync(company.id, connected.body.id, String(connected.body.lastSyncJobId), company.key);
    const at = (path: string) => `/companies/${company.id}${path}`;
    const key = company.key;
    expect(
      (
        await call('POST', at('/categories'), {
          key,
          body: { key: 'travel', name: 'Rejser', accountNumber: '6000', taxCode: 'I25' },
        })
      ).status,
    ).toBe(201);
    const setup = await call('PUT', at('/setup'), {
      key,
      body: { depositAccount: '55010', outOfPocketAccount: '55020', reimbursementAccount: '55000' },
    });
    expect(setup.status).toBe(200);
    const reimbursement = {
      platformId: platformId('pf-reimb'),
      kind: 'reimbursement',
      bookedOn: '2026-11-23',
      amount: 8_000,
      currency: 'DKK',
      description: 'Reimbursement Jonas',
      employeeId: 'emp-2',
      employeeName: 'Jonas Berg',
      paidFrom: 'bank_transfer',
    };
    const sent = await call<{ results: { transaction: { id: string } }[] }>('POST', at('/transactions'), {
      key,
      body: { items: [cardExpense(), cardExpense({ amount: 4_000 }), reimbursement] },
    });
    const [approvedId, deletedId, itemId] = sent.body.results.map((r) => r.transaction.id) as [string, string, string];
    const transaction = async (id: string) => (await call<Transaction>('GET', at(`/transactions/${id}`), { key })).body;
    expect((await call('POST', at('/exports'), { key, body: { all: 'ready' } })).status).toBe(202);

    const [toApprove, toDelete] = await Promise.all(
      [approvedId, deletedId].map((id) =>
        until(
          `expense ${id} to be exported`,
          60_000,
          () => transaction(id),
          (t) => t.export?.state === 'exported',
        ),
      ),
    );
    // A draft is never booked by LedgerBridge: it stays exported until the accountant acts.
    expect(toApprove!.export!.voucherNumber).toBeNull();

    const approved = await sandbox<{ VoucherNumber?: number }>(
      'POST',
      `/organizations/${org.id}/vouchers/${toApprove!.export!.providerId}/approve`,
      {},
    );
    await sandbox('DELETE', `/organizations/${org.id}/vouchers/${toDelete!.export!.providerId}`);

    const booked = await until(
      'the approved expense to be booked',
      30_000,
      () => transaction(approvedId),
      (t) => t.state === 'booked',
    );
    expect(booked.export).toMatchObject({ state: 'booked', providerId: toApprove!.export!.providerId });
    expect(booked.export!.voucherNumber).toBe(String(approved.VoucherNumber));
    const gone = await until(
      'the deleted draft to be deleted_in_provider',
      30_000,
      () => transaction(deletedId),
      (t) => t.state === 'deleted_in_provider',
    );
    expect(gone.export!.lastError?.code).toBe('deleted_in_provider');
    const item = await until(
      'the ledger item to be booked',
      30_000,
      () => transaction(itemId),
      (t) => t.state === 'booked',
    );
    expect(item.export!.providerId).not.toBeNull();
    const listed = await call<{ items: Transaction[] }>('GET', at('/transactions?state=booked'), { key });
    expect(listed.body.items.map((t) => t.id).sort()).toEqual([approvedId, itemId].sort());

    // Re-export after deletion writes a new draft; the booked one is not re-exportable.
    expect((await call('POST', at(`/transactions/${approvedId}/re-export`), { key, body: {} })).status).toBe(409);
    expect((await call('POST', at(`/transactions/${deletedId}/re-export`), { key, body: {} })).status).toBe(202);
    const again = await until(
      'the re-export to be exported',
      60_000,
      () => transaction(deletedId),
      (t) => t.export?.state === 'exported',
    );
    expect(again.export!.id).not.toBe(toDelete!.export!.id);
    expect(again.export!.providerId).not.toBe(toDelete!.export!.providerId);
    // The sandbox's books: the new export is a draft of its own, the approved one is in Betalte (Paid).
    const read = (guid: string) => dinero<{ Status: string }>(org, 'GET', `vouchers/purchase/${guid}`);
    expect((await read(again.export!.providerId!)).Status).toBe('Draft');
    expect((await read(toApprove!.export!.providerId!)).Status).toBe('Paid');
  }, 180_000);
});
