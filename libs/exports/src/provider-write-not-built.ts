import { Injectable, Logger } from '@nestjs/common';
import type { ExportEntity } from '@ledgerbridge/persistence';
import type { ExportWriter, Sendable, WriteOutcome } from './export-runner';

/** PLACEHOLDER until the Dinero write methods land: writes nothing, so the runner leaves the export queued. */
@Injectable()
export class ProviderWriteNotBuilt implements ExportWriter {
  private readonly logger = new Logger(ProviderWriteNotBuilt.name);
  readonly built = false;

  async write(row: ExportEntity, _postings: Sendable): Promise<WriteOutcome> {
    this.logger.warn(`Export ${row.id} of company ${row.companyId}: provider write not built yet.`);
    return { kind: 'released' };
  }
}
