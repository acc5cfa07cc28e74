import { connectWithApiKey, waitForSync } from './test-support/connections';
import { execSql } from './test-support/database';
import { call, newCompanyWithKey } from './test-support/http';
import { newOrganization } from './test-support/sandbox';
import { cardExpense, platformId } from './test-support/transactions';

interface ExportView {
  id: string;
  state: string;
  attempts: number;
  providerId: string | null;
  lastError: { code: string; message: string } | null;
  transactionVersion: number;
}
interface Batch {
  id: string;
  requested: number;
  queued: number;
  skipped: number;
  total: number;
  progress: number;
  counts: Record<string, number>;
}
interface Transaction {
  id: string;
  state: string;
  version: number;
  export: ExportView | null;
}

const expense = () => cardExpense({ platformId: platformId('pf-exp') });

/** Connected and synced, a category, but no setup saved: the rules refuse every expense (setup_incomplete). */
async function companyWithoutSetup(name: string, transactions: number) {
  const company = await newCompanyWithKey(name);
  const org = await newOrganization();
  const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
  await waitForSync(company.id, connected.body.id, String(connected.body.lastSyncJobId), company.key);
  const category = await call('POST', `/companies/${company.id}/categories`, {
    key: company.key,
    body: { key: 'travel', name: 'Rejser', accountNumber: '2000', taxCode: 'I25' },
  });
  if (category.status !== 201) throw new Error(`category answered ${category.status}`);
  const items = Array.from({ length: transactions }, expense);
  const sent = await call<{ results: { transaction: { id: string } }[] }>(
    'POST',
    `/companies/${company.id}/transactions`,
    { key: company.key, body: { items } },
  );
  if (!sent.body.results?.every((r) => r.transaction))
    throw new Error(`ingest answered ${sent.status}: ${JSON.stringify(sent.body)}`);
  return { ...company, transactionIds: sent.body.results.map((r) => r.transaction.id) };
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('exports over HTTP', () => {
  let c: Awaited<ReturnType<typeof companyWithoutSetup>>;
  const post = <T>(path: string, body: unknown, key = c.key) =>
    call<T>('POST', `/companies/${c.id}${path}`, { key, body });
  const get = <T>(path: string) => call<T>('GET', `/companies/${c.id}${path}`, { key: c.key });
  const transaction = async (id: string) => (await get<Transaction>(`/transactions/${id}`)).body;

  beforeAll(async () => {
    c = await companyWithoutSetup('Exports ApS', 3);
  });

  it('refuses bad selections, naming the field or the ids that are not this company’s', async () => {
    const neither = await post<{ fields: { field: string }[] }>('/exports', {});
    expect(neither.status).toBe(400);
    expect(neither.body.fields.map((f) => f.field)).toEqual(['transactionIds']);
    const both = await post<{ fields: { field: string }[] }>('/exports', { all: 'ready', transactionIds: [c.id] });
    expect(both.status).toBe(400);
    const notUuid = await post<{ fields: { field: string }[] }>('/exports', { transactionIds: ['nope'] });
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.fields[0]?.field).toBe('transactionIds');
    const other = await companyWithoutSetup('Other ApS', 1);
    const foreign = await post<{ fields: { field: string; message: string }[] }>('/exports', {
      transactionIds: [c.transactionIds[0], other.transactionIds[0]],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields).toEqual([
      { field: 'transactionIds[1]', message: `transaction ${other.transactionIds[0]} does not exist in this company` },
    ]);
    // Nothing was queued by a refused request.
    expect((await transaction(c.transactionIds[0]!)).state).toBe('received');
    // Another company's key never reaches this company.
    const intruder = await call('POST', `/companies/${c.id}/exports`, { key: other.key, body: { all: 'ready' } });
    expect(intruder.status).toBe(404);
  });

  it('queues a batch (202), never twice, and the worker parks what the rules refuse in needs_attention', async () => {
    const first = await post<Batch>('/exports', { transactionIds: c.transactionIds.slice(0, 2) });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ requested: 2, queued: 2, skipped: 0, total: 2 });
    const again = await post<Batch>('/exports', { transactionIds: c.transactionIds.slice(0, 2) });
    expect(again.body).toMatchObject({ requested: 2, queued: 0, skipped: 2, total: 0 });
    const rest = await post<Batch>('/exports', { all: 'ready' });
    expect(rest.body).toMatchObject({ requested: 1, queued: 1, skipped: 0 });

    const settled = await until(
      'the batch to settle',
      async () => (await get<Batch>(`/exports/${first.body.id}`)).body,
      (b) => b.progress === 100,
    );
    expect(settled.counts).toMatchObject({ needs_attention: 2, queued: 0, sending: 0 });
    const page = await get<{ items: Transaction[] }>('/transactions?state=needs_attention');
    const listed = page.body.items.filter((t) => c.transactionIds.slice(0, 2).includes(t.id));
    expect(listed).toHaveLength(2);
    for (const t of listed) {
      expect(t.export).toMatchObject({ state: 'needs_attention', attempts: 1, providerId: null });
      expect(t.export?.lastError?.code).toContain('setup_incomplete');
      expect(t.export?.lastError?.message.length).toBeGreaterThan(10);
    }
    const missing = await get<Batch>(`/exports/${c.id}`);
    expect(missing.status).toBe(404);
  });

  it('re-exports only from failed, needs_attention or deleted_in_provider, and resolves only in_doubt', async () => {
    const [a, b, d] = c.transactionIds as [string, string, string];
    await until(
      'the third export to settle',
      () => transaction(d),
      (t) => t.state === 'needs_attention',
    );
    const notYet = await post('/transactions/' + a + '/resolve', { notThere: true });
    expect(notYet.status).toBe(409);
    const again = await post<ExportView>(`/transactions/${a}/re-export`, {});
    expect(again.status).toBe(202);
    expect(again.body.state).toBe('queued');
    await until(
      'the re-export to settle',
      () => transaction(a),
      (t) => t.state === 'needs_attention',
    );
    expect((await transaction(a)).export?.attempts).toBe(2);

    // An operator's view of a lost answer: the export is in_doubt (set here as the writer would).
    const exportOfB = (await transaction(b)).export!;
    await execSql(`UPDATE exports SET state = 'in_doubt' WHERE id = ?`, [exportOfB.id]);
    const bad = await post<{ fields: { field: string }[] }>(`/transactions/${b}/resolve`, {});
    expect(bad.status).toBe(400);
    const found = await post<ExportView>(`/transactions/${b}/resolve`, { providerId: 'guid-found-by-hand' });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ state: 'exported', providerId: 'guid-found-by-hand' });
    expect((await transaction(b)).state).toBe('exported');
    expect((await post(`/transactions/${b}/re-export`, {})).status).toBe(409);
    expect((await post(`/transactions/${b}/resolve`, { notThere: true })).status).toBe(409);

    // Deleted in the provider: a re-export is a new version with its own export.
    await execSql(`UPDATE exports SET state = 'deleted_in_provider' WHERE id = ?`, [exportOfB.id]);
    const fresh = await post<ExportView>(`/transactions/${b}/re-export`, {});
    expect(fresh.status).toBe(202);
    expect(fresh.body).toMatchObject({ state: 'queued', transactionVersion: 2 });
    expect(fresh.body.id).not.toBe(exportOfB.id);
    expect((await transaction(b)).version).toBe(2);

    const received = await get<{ items: Transaction[] }>('/transactions?state=received');
    expect(received.body.items.map((t) => t.id)).not.toContain(b);
  });
});
