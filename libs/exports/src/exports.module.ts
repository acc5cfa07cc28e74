import { DynamicModule, InjectionToken, Module, type ModuleMetadata } from '@nestjs/common';
import { ConnectorExportWriter } from './connector-export-writer';
import { ExportLedger } from './export-ledger';
import { ExportRequests } from './export-requests';
import { EXPORT_RUNNER, EXPORT_WRITER } from './export-runner';
import { ExportSweeper } from './export-sweeper';
import {
  DEFAULT_EXPORT_WORKER_OPTIONS,
  EXPORT_WORKER_OPTIONS,
  type ExportWorkerOptions,
} from './export-worker-options';
import { ExportRunJob } from './jobs/export-run.job';
import { ExportStatusJob } from './jobs/export-status.job';
import { LedgerExportRunner } from './ledger-export-runner';
import { OutboxPruner } from './outbox-pruner';
import { OutboxRelay } from './outbox-relay';
import { ReceiptChanges } from './receipt-changes';
import { EXPORT_CONNECTIONS, EXPORT_RECEIPTS } from './export-write-ports';
import { StatusFollowPass } from './status-follow-pass';
import { StatusFollower } from './status-follower';

/**
 * The ledger, the requests the API makes of it and the receipt changes it guards; needs the host's TypeORM
 * connection and the audit trail.
 */
@Module({
  providers: [ExportLedger, ExportRequests, ReceiptChanges],
  exports: [ExportLedger, ExportRequests, ReceiptChanges],
})
export class ExportsModule {}

/** Loaded only where jobs run (ROLE=worker or all): the outbox relay and pruner, the sweeper, the status pass and the jobs. */
@Module({})
export class ExportWorkersModule {
  /**
   * `options` from the host's typed config (injected by `inject`), over the defaults; `writes` names the host's
   * connections (ExportConnections) and receipt store (ExportReceipts), found in `writes.imports`.
   */
  static forRootAsync(config: {
    inject: InjectionToken[];
    useFactory: (...deps: never[]) => Partial<ExportWorkerOptions>;
    writes: { imports: NonNullable<ModuleMetadata['imports']>; connections: InjectionToken; receipts: InjectionToken };
  }): DynamicModule {
    return {
      module: ExportWorkersModule,
      imports: [ExportsModule, ...config.writes.imports],
      providers: [
        {
          provide: EXPORT_WORKER_OPTIONS,
          inject: config.inject,
          useFactory: (...deps: never[]) => ({ ...DEFAULT_EXPORT_WORKER_OPTIONS, ...config.useFactory(...deps) }),
        },
        { provide: EXPORT_CONNECTIONS, useExisting: config.writes.connections },
        { provide: EXPORT_RECEIPTS, useExisting: config.writes.receipts },
        { provide: EXPORT_WRITER, useClass: ConnectorExportWriter },
        { provide: EXPORT_RUNNER, useClass: LedgerExportRunner },
        OutboxRelay,
        OutboxPruner,
        ExportSweeper,
        ExportRunJob,
        StatusFollower,
        StatusFollowPass,
        ExportStatusJob,
      ],
      exports: [ExportRunJob, ExportStatusJob, OutboxRelay, OutboxPruner, ExportSweeper, StatusFollowPass],
    };
  }
}
