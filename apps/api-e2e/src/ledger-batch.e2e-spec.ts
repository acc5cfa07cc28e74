import { connectWithApiKey, waitForSync } from './test-support/connections';
import { call, newCompanyWithKey } from './test-support/http';
import { newOrganization, sandbox } from './test-support/sandbox';

interface Transaction {
  id: string;
  export: { state: string; providerId: string | null } | null;
}

// A worker runs up to this many jobs at once (JobWorker's concurrency); each may lead one batch of its own.
const WORKER_SLOTS = 4;
const COUNTER = 1_000;

describe('ledger items batched to the sandbox', () => {
  it('sends 40 reimbursements and top-ups of one organization in a handful of ledgeritems calls, each item once', async () => {
    const company = await newCompanyWithKey('Ledger Batch ApS');
    const org = await newOrganization();
    const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    await waitForSync(company.id, connected.body.id, String(connected.body.lastSyncJobId), company.key);
    const at = (path: string) => `/companies/${company.id}${path}`;
    const setup = await call('PUT', at('/setup'), {
      key: company.key,
      body: { depositAccount: '55010', outOfPocketAccount: '55020', reimbursementAccount: '55000' },
    });
    expect(setup.status).toBe(200);
    // A latency rule of 0 ms on the create path only counts the requests that reach it (its `remaining` goes down).
    const createPath = `/v1.2/${org.id}/ledgeritems`;
    await sandbox('PUT', `/organizations/${org.id}/faults`, {
      rules: [{ kind: 'latency', latencyMs: 0, pathContains: createPath, remaining: COUNTER }],
    });
    const tag = `${process.pid}-${Date.now()}`;
    const items = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? {
            platformId: `pf-reimb-${tag}-${i}`,
            kind: 'reimbursement',
            bookedOn: '2026-11-23',
            amount: 8_000 + i,
            currency: 'DKK',
            description: `Reimbursement ${tag} ${i}`,
            employeeId: 'emp-2',
            employeeName: 'Jonas Berg',
            paidFrom: 'bank_transfer',
          }
        : {
            platformId: `pf-topup-${tag}-${i}`,
            kind: 'wallet_top_up',
            bookedOn: '2026-11-24',
            amount: 100_000 + i,
            currency: 'DKK',
            description: `Wallet top-up ${tag} ${i}`,
          },
    );
    const sent = await call<{ results: { transaction: { id: string } }[] }>('POST', at('/transactions'), {
      key: company.key,
      body: { items },
    });
    const ids = sent.body.results.map((r) => r.transaction.id);
    expect(ids).toHaveLength(40);
    const batch = await call('POST', at('/exports'), { key: company.key, body: { all: 'ready' } });
    expect(batch.status).toBe(202);

    const end = Date.now() + 60_000;
    let settled: Transaction[] = [];
    for (;;) {
      settled = await Promise.all(
        ids.map(async (id) => (await call<Transaction>('GET', at(`/transactions/${id}`), { key: company.key })).body),
      );
      if (settled.every((t) => t.export?.state === 'exported') || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(settled.map((t) => t.export?.state)).toEqual(ids.map(() => 'exported'));

    const faults = await sandbox<{ rules: { remaining?: number }[] }>('GET', `/organizations/${org.id}/faults`);
    const creates = COUNTER - faults.rules[0]!.remaining!;
    expect(creates).toBeGreaterThanOrEqual(1);
    expect(creates).toBeLessThanOrEqual(WORKER_SLOTS);
    const books = await sandbox<{ ledgerItems: { Id: string }[] }>('GET', `/organizations/${org.id}`);
    expect(books.ledgerItems).toHaveLength(40);
    const held = new Set(books.ledgerItems.map((i) => i.Id.toLowerCase()));
    for (const t of settled) expect(held.has(t.export!.providerId!.toLowerCase())).toBe(true);
  }, 120_000);
});
