import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectorRegistryModule } from '@ledgerbridge/connector-sdk';
import { ConnectionEntity, ExportEntity, TransactionEntity, TransactionReceiptEntity } from '@ledgerbridge/persistence';
import { CompaniesModule } from '../companies/companies.module';
import { ReceiptsController } from './receipts.controller';
import { ReceiptStoreModule } from './receipt-store.module';
import { ReceiptsService } from './receipts.service';

/** Receipts of transactions; the store is ReceiptStoreModule's one provider, so an operator can bind another ReceiptStore there. */
@Module({
  imports: [
    CompaniesModule,
    ConnectorRegistryModule,
    ReceiptStoreModule,
    TypeOrmModule.forFeature([TransactionEntity, TransactionReceiptEntity, ConnectionEntity, ExportEntity]),
  ],
  controllers: [ReceiptsController],
  providers: [ReceiptsService],
  exports: [ReceiptsService],
})
export class ReceiptsModule {}
