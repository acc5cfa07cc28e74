import type { ConnectionEntity } from '@ledgerbridge/persistence';
import type { Repository } from 'typeorm';
import type { ConnectionsService } from '../connections/connections.service';
import { ChartSyncAllJob } from './chart-sync-all.job';

describe('ChartSyncAllJob (the scheduled re-sync)', () => {
  it('queues one scheduled sync per connected company, and only for those', async () => {
    const rows = [{ id: 'c1', status: 'connected' }, { id: 'c2', status: 'connected' }] as ConnectionEntity[];
    const asked: Array<{ where: unknown }> = [];
    const repo = { findBy: async (where: unknown) => (asked.push({ where }), rows) } as unknown as Repository<ConnectionEntity>;
    const started: Array<[string, string]> = [];
    const service = { startSync: async (row: ConnectionEntity, reason: string) => (started.push([row.id, reason]), `job-${row.id}`) } as unknown as ConnectionsService;

    await expect(new ChartSyncAllJob(service, repo).handle()).resolves.toEqual({ queued: 2 });
    expect(asked).toEqual([{ where: { status: 'connected' } }]);
    expect(started).toEqual([
      ['c1', 'scheduled'],
      ['c2', 'scheduled'],
    ]);
  });
});
