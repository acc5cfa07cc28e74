import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import { ConnectorError } from '@ledgerbridge/connector-sdk';
import { ConnectionEntity } from '@ledgerbridge/persistence';
import type { JobContext, JobHandler, JobMap } from '@ledgerbridge/queue';
import { Repository } from 'typeorm';
import { ChartReader } from './chart-reader';
import { ChartSaveResult, ChartStore } from './chart-store';

/** Pulls a company's chart of accounts and VAT codes from its provider and stores them in one transaction. */
@Injectable()
export class ChartSyncJob implements JobHandler<'chart.sync'> {
  readonly jobName = 'chart.sync' as const;
  private readonly logger = new Logger(ChartSyncJob.name);

  constructor(
    private readonly reader: ChartReader,
    private readonly store: ChartStore,
    private readonly audit: AuditTrail,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
  ) {}

  async handle(
    { companyId, connectionId, reason }: JobMap['chart.sync'],
    context: JobContext,
  ): Promise<ChartSaveResult | { skipped: string }> {
    const row = await this.connections.findOneBy({ id: connectionId, companyId });
    if (!row || row.status !== 'connected') return { skipped: 'the connection is gone or no longer connected' };
    await this.connections.update({ id: row.id }, { lastSyncStatus: 'running' });
    await context.progress(5);
    try {
      const { accounts, taxCodes } = await this.reader.fetch(row, () => context.progress(40));
      await context.progress(50);
      const result = await this.audit.transaction(companyId, async (tx) => {
        const saved = await this.store.save(tx, companyId, accounts, taxCodes, (done, total) =>
          context.progress(50 + Math.floor((45 * done) / Math.max(total, 1))),
        );
        await tx
          .getRepository(ConnectionEntity)
          .update({ id: row.id }, { lastSyncAt: new Date(), lastSyncStatus: 'succeeded', lastError: null });
        await this.audit.record(
          {
            companyId,
            actor: 'system',
            action: 'chart.synced',
            subjectType: 'connection',
            subjectId: row.id,
            after: { reason, ...saved },
          },
          tx,
        );
        return saved;
      });
      await context.progress(100);
      this.logger.log(
        `Company ${companyId}'s chart was synced from ${row.providerKey}: ${result.accounts} accounts (${result.added} new, ` +
          `${result.changed} changed, ${result.deactivated} now inactive), ${result.taxCodes} VAT codes.`,
      );
      return result;
    } catch (err) {
      const message = err instanceof ConnectorError ? err.message : 'an unexpected error; see the worker log';
      await this.connections.update(
        { id: row.id },
        { lastSyncStatus: 'failed', lastError: `Chart sync failed: ${message}` },
      );
      this.logger.warn(
        `Syncing company ${companyId}'s chart from ${row.providerKey} failed: ${(err as Error).message}`,
      );
      throw err;
    }
  }
}
