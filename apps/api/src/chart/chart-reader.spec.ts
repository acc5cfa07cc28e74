import { ConnectorError, type Account, type ConnectorRegistry } from '@ledgerbridge/connector-sdk';
import type { ConnectionEntity } from '@ledgerbridge/persistence';
import type { DataSource, Repository } from 'typeorm';
import { ApiError } from '../http/api-errors';
import type { ProviderConnections } from '../connections/provider-connections';
import type { ChartStore } from './chart-store';
import { ChartReader, LIVE_READ_BUDGET_WAIT_MS } from './chart-reader';

const companyId = 'c0000000-0000-4000-8000-000000000001';
const deposit: Account = { number: '55010', name: 'Kortkonto', kind: 'deposit', active: true };

/** A provider whose request budget is spent for the first `refusals` reads, freeing up after `retryAfterMs`. */
function reader(refusals: number, retryAfterMs: number) {
  let reads = 0;
  const connector = {
    capabilities: { accounts: true, taxCodes: true },
    listAccounts: async () => {
      reads += 1;
      if (reads <= refusals) {
        throw new ConnectorError('rate_limited', 'The request budget is spent.', { retryAfterMs });
      }
      return [deposit];
    },
    listTaxCodes: async () => [],
  };
  const built = new ChartReader(
    { get: () => connector } as unknown as ConnectorRegistry,
    { forStored: () => ({}) } as unknown as ProviderConnections,
    { save: async () => undefined } as unknown as ChartStore,
    {
      findOneBy: async () => ({ id: 'k1', companyId, providerKey: 'acme', status: 'connected' }),
    } as unknown as Repository<ConnectionEntity>,
    { transaction: async (work: (tx: unknown) => Promise<unknown>) => work({}) } as unknown as DataSource,
  );
  return { built, reads: () => reads };
}

describe('ChartReader.liveAccounts', () => {
  it('waits once for a budget that frees up within seconds, then reads', async () => {
    const { built, reads } = reader(1, 50);
    const started = Date.now();
    await expect(built.liveAccounts(companyId)).resolves.toEqual([deposit]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(reads()).toBe(2);
  });

  it('answers 503 at once when the budget frees up later than a person should wait', async () => {
    const { built, reads } = reader(1, LIVE_READ_BUDGET_WAIT_MS + 1);
    const started = Date.now();
    const error = await built.liveAccounts(companyId).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).getStatus()).toBe(503);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(reads()).toBe(1);
  });

  it('waits only once: a second refusal answers 503', async () => {
    const { built, reads } = reader(2, 20);
    const error = await built.liveAccounts(companyId).catch((err: unknown) => err);
    expect((error as ApiError).getStatus()).toBe(503);
    expect(reads()).toBe(2);
  });
});
