import { Module } from '@nestjs/common';
import { LedgerItemService } from './ledger-item.service';
import { PurchaseVoucherService } from './purchase-voucher.service';

@Module({
  providers: [PurchaseVoucherService, LedgerItemService],
  exports: [PurchaseVoucherService, LedgerItemService],
})
export class BookkeepingModule {}
