import { call } from './http';

export interface Connection {
  id: string;
  status: string;
  organizationName: string | null;
  lastSyncStatus: string | null;
  lastSyncJobId: string | null;
  lastError: string | null;
  health: string;
  disconnectedAt?: string | null;
  replacedAt?: string | null;
  authorizeUrl?: string;
}

export interface SyncJob {
  jobId: string;
  state: string;
  progress: number;
  result: { accounts?: number; taxCodes?: number; added?: number; changed?: number; deactivated?: number } | null;
  failedReason: string | null;
}

export async function connectWithApiKey(companyId: string, key: string, organizationId: string, apiKey: string) {
  return call<Connection>('POST', `/companies/${companyId}/connections`, {
    key,
    body: { provider: 'dinero', organizationId, method: 'api_key', credentials: { apiKey } },
  });
}

/** Polls a sync job until it ends; returns the progress values seen on the way and the final state. */
export async function waitForSync(
  companyId: string,
  connectionId: string,
  jobId: string,
  key: string,
  timeoutMs = 60000,
) {
  const seen: number[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call<SyncJob>(
      'GET',
      `/companies/${companyId}/connections/${connectionId}/sync/${encodeURIComponent(jobId)}`,
      { key },
    );
    if (res.status !== 200) throw new Error(`sync job answered ${res.status}: ${JSON.stringify(res.body)}`);
    seen.push(res.body.progress);
    if (res.body.state === 'completed' || res.body.state === 'failed') return { job: res.body, seen };
    if (Date.now() > deadline)
      throw new Error(`sync job ${jobId} did not end within ${timeoutMs} ms: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
