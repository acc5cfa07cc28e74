import type { ConnectionEntity } from '@ledgerbridge/persistence';
import type { Repository } from 'typeorm';
import type { ConnectionsService } from '../connections/connections.service';
import { ChartSyncAllJob } from './chart-sync-all.job';

describe('ChartSyncAllJob (the scheduled re-sync)', () => {
  it('queues one scheduled sync per connected company, and only for those', async () => {
    const rows = [
      { id: 'c1', status: 'connected' },
      { id: 'c0', status: 'pending_authorization' },
      { id: 'c2', status: 'connected' },
      { id: 'c3', status: 'disconnected' },
    ] as ConnectionEntity[];
    // Answers a query as the database would: only rows matching every given column.
    const matches = (row: ConnectionEntity, where: Partial<ConnectionEntity>) =>
      Object.entries(where).every(([column, value]) => row[column as keyof ConnectionEntity] === value);
    const repo = {
      findBy: async (where: Partial<ConnectionEntity>) => rows.filter((row) => matches(row, where)),
    } as unknown as Repository<ConnectionEntity>;
    const started: Array<[string, string]> = [];
    const service = {
      startSync: async (row: ConnectionEntity, reason: string) => (started.push([row.id, reason]), `job-${row.id}`),
    } as unknown as ConnectionsService;

    await expect(new ChartSyncAllJob(service, repo).handle()).resolves.toEqual({ queued: 2 });
    expect(started).toEqual([
      ['c1', 'scheduled'],
      ['c2', 'scheduled'],
    ]);
  });
});
