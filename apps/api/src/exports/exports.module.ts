import { Module } from '@nestjs/common';
import { ExportsModule as ExportPipelineModule } from '@ledgerbridge/exports';
import { CompaniesModule } from '../companies/companies.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** The export routes: batches, re-export, resolve; the pipeline itself is libs/exports. */
@Module({
  imports: [CompaniesModule, ExportPipelineModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsApiModule {}
