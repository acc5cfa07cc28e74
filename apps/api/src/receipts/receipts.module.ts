import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectorRegistryModule } from '@ledgerbridge/connector-sdk';
import { ExportsModule } from '@ledgerbridge/exports';
import { ConnectionEntity, TransactionEntity, TransactionReceiptEntity } from '@ledgerbridge/persistence';
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
    ExportsModule,
    TypeOrmModule.forFeature([TransactionEntity, TransactionReceiptEntity, ConnectionEntity]),
  ],
  controllers: [ReceiptsController],
  providers: [ReceiptsService],
  exports: [ReceiptsService],
})
export class ReceiptsModule {}
