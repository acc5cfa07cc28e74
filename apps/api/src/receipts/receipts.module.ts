import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectorRegistryModule } from '@ledgerbridge/connector-sdk';
import { ConnectionEntity, TransactionEntity, TransactionReceiptEntity } from '@ledgerbridge/persistence';
import { FileSystemReceiptStore } from '@ledgerbridge/receipts';
import { CompaniesModule } from '../companies/companies.module';
import { AppConfig } from '../config/app-config';
import { ReceiptsController } from './receipts.controller';
import { RECEIPT_STORE, ReceiptsService } from './receipts.service';

/** Receipts of transactions; the store is one provider, so an operator can bind another ReceiptStore here. */
@Module({
  imports: [
    CompaniesModule,
    ConnectorRegistryModule,
    TypeOrmModule.forFeature([TransactionEntity, TransactionReceiptEntity, ConnectionEntity]),
  ],
  controllers: [ReceiptsController],
  providers: [
    ReceiptsService,
    {
      provide: RECEIPT_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new FileSystemReceiptStore(join(config.dataDir, 'receipts')),
    },
  ],
  exports: [ReceiptsService],
})
export class ReceiptsModule {}
