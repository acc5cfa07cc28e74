/** A company exporting to a sandbox organization of its own, and the calls the recovery suite makes on it. */
import { createHash } from 'node:crypto';
import type { ExpectedTransaction } from './chaos/expected-documents';
import { connectWithApiKey, waitForSync, type SyncJob } from './connections';
import { e2eEnv } from './e2e-env';
import { call, newCompanyWithKey } from './http';
import { newOrganization, sandbox, sandboxToken } from './sandbox';

export interface ExportView {
  id: string;
  state: string;
  attempts: number;
  providerId: string | null;
  lastError: { code: string; message: string } | null;
}
export interface TransactionView {
  id: string;
  platformId: string;
  state: string;
  export: ExportView | null;
}
export interface AuditEntry {
  action: string;
  subjectId: string | null;
  actor: string;
  after: Record<string, unknown> | null;
}

export const SETUP = { depositAccount: '55010', outOfPocketAccount: '55020', reimbursementAccount: '55000' };
/** On the sandbox's standard chart: 3100 Restaurationsbesøg (HREP, 25 % deductible), 6000 Kontorartikler (I25). */
export const CATEGORIES = [
  { key: 'restaurant', name: 'Restaurant', accountNumber: '3100', taxCode: 'HREP' },
  { key: 'office', name: 'Kontor', accountNumber: '6000', taxCode: 'I25' },
  { key: 'hotel', name: 'Hotel', accountNumber: '3310', taxCode: 'I25' },
];

/** Connected to a fresh organization and synced, with the categories and (unless `setup` is null) the setup. */
export async function exportingCompany(name: string, setup: Record<string, string> | null = SETUP) {
  const company = await newCompanyWithKey(name);
  const org = await newOrganization();
  const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
  await waitForSync(company.id, connected.body.id, String(connected.body.lastSyncJobId), company.key);
  for (const body of CATEGORIES) {
    const res = await call('POST', `/companies/${company.id}/categories`, { key: company.key, body });
    if (res.status !== 201) throw new Error(`category answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  if (setup) {
    const res = await call('PUT', `/companies/${company.id}/setup`, { key: company.key, body: setup });
    if (res.status !== 200) throw new Error(`setup answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return { ...company, org, connectionId: connected.body.id };
}
export type Company = Awaited<ReturnType<typeof exportingCompany>>;

const at = (c: Company, path: string) => `/companies/${c.id}${path}`;

export async function ingest(c: Company, items: Record<string, unknown>[]): Promise<string[]> {
  const sent = await call<{ results: { status: string; transaction?: { id: string } }[] }>(
    'POST',
    at(c, '/transactions'),
    { key: c.key, body: { items } },
  );
  const ids = sent.body.results?.map((r) => r.transaction?.id);
  if (!ids || ids.some((id) => !id)) throw new Error(`ingest answered ${sent.status}: ${JSON.stringify(sent.body)}`);
  return ids as string[];
}

/** A small PDF, different for each label, and its SHA-256 as the books must show it. */
export function pdf(label: string): { bytes: Buffer; sha256: string } {
  const bytes = Buffer.from(
    `%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n% ${label} ${process.pid} ${Date.now()}\n`,
  );
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export async function uploadReceipt(c: Company, transactionId: string, bytes: Buffer): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'receipt.pdf');
  const res = await fetch(`${e2eEnv().baseUrl}${at(c, `/transactions/${transactionId}/receipt`)}`, {
    method: 'PUT',
    body: form,
    headers: { Authorization: `Bearer ${c.key}` },
  });
  if (res.status >= 300) throw new Error(`receipt upload answered ${res.status}: ${await res.text()}`);
}

export async function exportAll(c: Company): Promise<void> {
  const batch = await call('POST', at(c, '/exports'), { key: c.key, body: { all: 'ready' } });
  if (batch.status !== 202) throw new Error(`export answered ${batch.status}: ${JSON.stringify(batch.body)}`);
}

export async function transactionOf(c: Company, id: string): Promise<TransactionView> {
  return (await call<TransactionView>('GET', at(c, `/transactions/${id}`), { key: c.key })).body;
}

/** Polls the transactions until every export is in one of `states` (pending ones never count); throws at the deadline. */
export async function settled(c: Company, ids: string[], states: string[], ms = 45_000): Promise<TransactionView[]> {
  const end = Date.now() + ms;
  for (;;) {
    const ts = await Promise.all(ids.map((id) => transactionOf(c, id)));
    if (ts.every((t) => t.export && states.includes(t.export.state))) return ts;
    if (Date.now() > end) throw new Error(`timed out waiting for ${states.join('|')}: ${JSON.stringify(ts)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function resolve(c: Company, transactionId: string, body: object) {
  return call<ExportView>('POST', at(c, `/transactions/${transactionId}/resolve`), { key: c.key, body });
}

/** The company's audit entries of exports (newest first), as an operator reads them. */
export async function exportAudit(c: Company): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let page = 1; ; page++) {
    const res = await call<{ items: AuditEntry[]; total: number }>('GET', at(c, `/audit?pageSize=200&page=${page}`), {
      key: c.key,
    });
    entries.push(...res.body.items);
    if (res.body.items.length < 200) break;
  }
  return entries.filter((e) => e.action.startsWith('export.'));
}

/** Hides (or shows) an account in Dinero, as an accountant would, and re-syncs the company's chart. */
export async function hideAccountAndSync(c: Company, accountNumber: number, isHidden: boolean): Promise<void> {
  await sandbox('PATCH', `/organizations/${c.org.id}/accounts/${accountNumber}`, { isHidden });
  const sync = await call<SyncJob>('POST', at(c, `/connections/${c.connectionId}/sync`), { key: c.key });
  if (sync.status !== 202) throw new Error(`sync answered ${sync.status}: ${JSON.stringify(sync.body)}`);
  const done = await waitForSync(c.id, c.connectionId, sync.body.jobId, c.key);
  if (done.job.state !== 'completed') throw new Error(`sync ended ${done.job.state}: ${done.job.failedReason}`);
}

/**
 * A 429 storm for one organization: spends its request window with the host's own client id (the sandbox limits
 * per organization and client id) again and again for `ms`, so every call the host makes meanwhile answers 429.
 * Returns how many of the storm's own calls were refused.
 */
export async function rateLimitStorm(org: { id: string; apiKey: string }, ms: number): Promise<number> {
  const token = await sandboxToken(org.apiKey);
  const end = Date.now() + ms;
  let refused = 0;
  while (Date.now() < end) {
    const burst = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${e2eEnv().sandboxUrl}/v1/${org.id}/vatTypes`, { headers: { Authorization: `Bearer ${token}` } }),
      ),
    );
    for (const res of burst) {
      if (res.status === 429) refused += 1;
      await res.arrayBuffer();
    }
  }
  return refused;
}

/**
 * One transaction of each kind (both expenses with a receipt), and what the books must hold for them once their
 * exports are known (the auditor computes the documents from these inputs, never with libs/mapping).
 */
export function fourKinds(tag: string) {
  const receipts = [pdf(`${tag}-card`), pdf(`${tag}-oop`)];
  const expense = { bookedOn: '2026-11-24', currency: 'DKK', employeeId: 'emp-42', employeeName: 'Mette Hansen' };
  const items: Array<{
    platformId: string;
    kind: string;
    bookedOn: string;
    amount: number;
    currency: string;
    categoryKey?: string;
    paidFrom?: string;
  }> = [
    { ...expense, platformId: `${tag}-card`, kind: 'card_expense', amount: 12_500, categoryKey: 'office' },
    { ...expense, platformId: `${tag}-oop`, kind: 'out_of_pocket_expense', amount: 45_050, categoryKey: 'restaurant' },
    { ...expense, platformId: `${tag}-reimb`, kind: 'reimbursement', amount: 45_050, paidFrom: 'bank_transfer' },
    { platformId: `${tag}-topup`, kind: 'wallet_top_up', bookedOn: '2026-11-26', amount: 500_000, currency: 'DKK' },
  ];
  const described = items.map((item, i) => ({
    ...item,
    description: `${item.kind} ${tag}`,
    ...(i < 2 && { merchant: ['Papirgården', 'Kødbyen'][i] }),
  }));
  const expected = (exports: TransactionView[]): ExpectedTransaction[] =>
    described.map((item, i) => ({
      platformId: item.platformId,
      kind: item.kind as ExpectedTransaction['kind'],
      bookingDate: item.bookedOn,
      amount: { amountMinor: item.amount, currency: 'DKK' },
      description: item.description,
      ...(i < 2 && { merchant: item.merchant, categoryKey: item.categoryKey, receiptSha256: receipts[i]!.sha256 }),
      ...(item.kind === 'reimbursement' && { paidFrom: 'outside' as const, employee: 'Mette Hansen' }),
      exportId: exports[i]!.export!.id,
    }));
  return { items: described, receipts, expected };
}
