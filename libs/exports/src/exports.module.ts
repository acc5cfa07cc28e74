import { DynamicModule, InjectionToken, Module } from '@nestjs/common';
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
import { LedgerExportRunner } from './ledger-export-runner';
import { OutboxRelay } from './outbox-relay';
import { ProviderWriteNotBuilt } from './provider-write-not-built';

/** The ledger and the requests the API makes of it; needs the host's TypeORM connection and the audit trail. */
@Module({ providers: [ExportLedger, ExportRequests], exports: [ExportLedger, ExportRequests] })
export class ExportsModule {}

/** Loaded only where jobs run (ROLE=worker or all): the outbox relay, the sweeper and the export job. */
@Module({})
export class ExportWorkersModule {
  /** `options` from the host's typed config (injected by `inject`), over the defaults. */
  static forRootAsync(config: {
    inject: InjectionToken[];
    useFactory: (...deps: never[]) => Partial<ExportWorkerOptions>;
  }): DynamicModule {
    return {
      module: ExportWorkersModule,
      imports: [ExportsModule],
      providers: [
        {
          provide: EXPORT_WORKER_OPTIONS,
          inject: config.inject,
          useFactory: (...deps: never[]) => ({ ...DEFAULT_EXPORT_WORKER_OPTIONS, ...config.useFactory(...deps) }),
        },
        // Replaced by the provider write of issue #14 point 4; until then exports wait in `queued`.
        { provide: EXPORT_WRITER, useClass: ProviderWriteNotBuilt },
        { provide: EXPORT_RUNNER, useClass: LedgerExportRunner },
        OutboxRelay,
        ExportSweeper,
        ExportRunJob,
      ],
      exports: [ExportRunJob, OutboxRelay, ExportSweeper],
    };
  }
}
