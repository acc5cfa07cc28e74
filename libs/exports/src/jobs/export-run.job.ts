import { Inject, Injectable } from '@nestjs/common';
import type { JobHandler, JobMap } from '@ledgerbridge/queue';
import { EXPORT_RUNNER, type ExportRunOutcome, type ExportRunner } from '../export-runner';

/** The worker's handler for `export.run`: the ledger, not the job, decides what happens. */
@Injectable()
export class ExportRunJob implements JobHandler<'export.run'> {
  readonly jobName = 'export.run' as const;

  constructor(@Inject(EXPORT_RUNNER) private readonly runner: ExportRunner) {}

  async handle(payload: JobMap['export.run']): Promise<{ outcome: ExportRunOutcome }> {
    return { outcome: await this.runner.run(payload) };
  }
}
