/**
 * The baseline the exports benchmark compares against: one Kassekladde item per `POST /v1.2/{org}/ledgeritems`,
 * a few in flight, paced by a local sliding log to the same budget (so it is refused no more than ours). It never
 * books; ours does, so the comparison flatters the baseline.
 */
import { randomUUID } from 'node:crypto';

export async function sandboxToken(sandboxUrl: string, apiKey: string): Promise<string> {
  const res = await fetch(`${sandboxUrl}/dineroapi/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from('sandbox-client:sandbox-secret').toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'password', scope: 'read write', username: apiKey, password: apiKey }),
  });
  if (!res.ok) throw new Error(`the token endpoint answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface NaiveRun {
  items: number;
  elapsedMs: number;
  itemsPerSecond: number;
  refused: number;
}

export async function naiveExport(options: {
  sandboxUrl: string;
  organizationId: number;
  apiKey: string;
  items: number;
  budget: number;
  windowMs: number;
  parallel: number;
}): Promise<NaiveRun> {
  const token = await sandboxToken(options.sandboxUrl, options.apiKey);
  const granted: number[] = [];
  // The same 5 % margin as the host's budget: at most `budget` in any window plus a twentieth.
  const span = options.windowMs * 1.05;
  const turn = async () => {
    for (;;) {
      const now = Date.now();
      while (granted.length && granted[0]! <= now - span) granted.shift();
      if (granted.length < options.budget) {
        granted.push(now);
        return;
      }
      await new Promise((r) => setTimeout(r, granted[0]! + span - now));
    }
  };
  let next = 0;
  let refused = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < options.items) {
      const i = next++;
      for (;;) {
        await turn();
        const res = await fetch(`${options.sandboxUrl}/v1.2/${options.organizationId}/ledgeritems`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify([
            {
              Id: randomUUID(),
              VoucherDate: '2026-11-23',
              Lines: [
                {
                  Description: `Naive reimbursement ${i}`,
                  Amount: 80,
                  AccountNumber: 55020,
                  AccountVatCode: null,
                  BalancingAccountNumber: 55000,
                  BalancingAccountVatCode: null,
                },
              ],
            },
          ]),
        });
        await res.text();
        if (res.status === 429) {
          refused++;
          continue;
        }
        if (!res.ok) throw new Error(`the naive exporter's item ${i} answered ${res.status}`);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, worker));
  const elapsedMs = Date.now() - started;
  return { items: options.items, elapsedMs, itemsPerSecond: (1000 * options.items) / elapsedMs, refused };
}
