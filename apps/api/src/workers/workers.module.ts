import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExportRunJob, ExportStatusJob, ExportWorkersModule } from '@ledgerbridge/exports';
import { ApiKeyEntity } from '@ledgerbridge/persistence';
import { ApiKeyUsedJob, JOB_HANDLERS, JobQueue, JobWorker, WORKER_CONCURRENCY, WorkerDrain } from '@ledgerbridge/queue';
import { ChartSyncAllJob } from '../chart/chart-sync-all.job';
import { ChartSyncJob } from '../chart/chart-sync.job';
import { AppConfig } from '../config/app-config';
import { ConnectionsModule } from '../connections/connections.module';
import { ProviderConnections } from '../connections/provider-connections';
import { ReceiptStoreModule } from '../receipts/receipt-store.module';
import { RECEIPT_STORE } from '../receipts/receipts.service';

const HANDLERS = [ApiKeyUsedJob, ChartSyncJob, ChartSyncAllJob];
/** Handlers provided by the modules imported below. */
const IMPORTED_HANDLERS = [ExportRunJob, ExportStatusJob];

/** Loaded only in processes that run jobs (ROLE=worker or all). */
@Module({
  // The outbox relay, the sweeper and the export job run here (ExportRunJob is provided by ExportWorkersModule).
  imports: [
    ConnectionsModule,
    ExportWorkersModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        sweepIntervalMs: config.exportSweepSeconds * 1000,
        statusIntervalMs: config.exportStatusSeconds * 1000,
        leaseTtlMs: config.exportLeaseSeconds * 1000,
      }),
      writes: {
        imports: [ConnectionsModule, ReceiptStoreModule],
        connections: ProviderConnections,
        receipts: RECEIPT_STORE,
      },
    }),
    TypeOrmModule.forFeature([ApiKeyEntity]),
  ],
  providers: [
    ...HANDLERS,
    {
      provide: JOB_HANDLERS,
      useFactory: (...handlers: unknown[]) => handlers,
      inject: [...HANDLERS, ...IMPORTED_HANDLERS],
    },
    { provide: WORKER_CONCURRENCY, useFactory: (config: AppConfig) => config.workerConcurrency, inject: [AppConfig] },
    JobWorker,
    WorkerDrain,
  ],
})
export class WorkersModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(WorkersModule.name);

  constructor(
    private readonly config: AppConfig,
    private readonly queue: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.syncIntervalMinutes > 0) {
      await this.queue.repeat('chart.sync-all', {}, this.config.syncIntervalMinutes * 60_000);
      this.logger.log(`Charts of connected companies are re-synced every ${this.config.syncIntervalMinutes} minutes.`);
    }
  }
}
