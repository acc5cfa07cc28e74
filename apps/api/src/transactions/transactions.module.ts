import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectorRegistryModule } from '@ledgerbridge/connector-sdk';
import { ExportsModule } from '@ledgerbridge/exports';
import {
  CategoryEntity,
  CompanySetupEntity,
  ConnectionEntity,
  LedgerAccountEntity,
  TaxCodeEntity,
  TransactionEntity,
} from '@ledgerbridge/persistence';
import { PreviewService } from '../preview/preview.service';
import { CompaniesModule } from '../companies/companies.module';
import { ReceiptsModule } from '../receipts/receipts.module';
import { TransactionsController } from './transactions.controller';
import { TransactionsService } from './transactions.service';

/** The platform's transactions coming in: ingest, list, read, preview an export, and their receipts. */
@Module({
  imports: [
    CompaniesModule,
    ReceiptsModule,
    ConnectorRegistryModule,
    ExportsModule,
    TypeOrmModule.forFeature([
      TransactionEntity,
      CategoryEntity,
      CompanySetupEntity,
      ConnectionEntity,
      LedgerAccountEntity,
      TaxCodeEntity,
    ]),
  ],
  controllers: [TransactionsController],
  providers: [TransactionsService, PreviewService],
})
export class TransactionsModule {}
