import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { FileSystemReceiptStore } from '@ledgerbridge/receipts';
import { AppConfig } from '../config/app-config';
import { RECEIPT_STORE } from './receipts.service';

/** The receipt store alone (no routes), so workers read receipt bytes without mounting the receipt API. */
@Module({
  providers: [
    {
      provide: RECEIPT_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new FileSystemReceiptStore(join(config.dataDir, 'receipts')),
    },
  ],
  exports: [RECEIPT_STORE],
})
export class ReceiptStoreModule {}
