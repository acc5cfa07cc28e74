import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConnectionEntity } from '@ledgerbridge/persistence';
import type { JobHandler } from '@ledgerbridge/queue';
import { Repository } from 'typeorm';
import { ConnectionsService } from '../connections/connections.service';

/** The scheduled re-sync: one chart.sync per connected company, each coalesced with any already queued. */
@Injectable()
export class ChartSyncAllJob implements JobHandler<'chart.sync-all'> {
  readonly jobName = 'chart.sync-all' as const;

  constructor(
    private readonly connectionsService: ConnectionsService,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
  ) {}

  async handle(): Promise<{ queued: number }> {
    const connected = await this.connections.findBy({ status: 'connected' });
    for (const row of connected) await this.connectionsService.startSync(row, 'scheduled');
    return { queued: connected.length };
  }
}
