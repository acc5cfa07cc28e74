import { Module } from '@nestjs/common';
import { DineroAuthGuard } from '../auth/dinero-auth.guard';
import { PersonalTokenController } from '../auth/personal-token.controller';
import { TokenService } from '../auth/token.service';
import { VismaConnectController } from '../auth/visma-connect.controller';
import { BookkeepingModule } from '../bookkeeping/bookkeeping.module';
import { FaultInterceptor } from '../faults/fault.interceptor';
import { AccountsController } from './accounts.controller';
import { ContactsController } from './contacts.controller';
import { EntriesController } from './entries.controller';
import { FilesController, LargeFileFilter } from './files.controller';
import { LedgerItemsController } from './ledger-items.controller';
import { OrganizationsController } from './organizations.controller';
import { PurchaseVouchersController } from './purchase-vouchers.controller';
import { VatTypesController } from './vat-types.controller';

// Dinero's API and its two token hosts; every path here exists in Dinero's published document or auth docs.
@Module({
  imports: [BookkeepingModule],
  controllers: [
    PersonalTokenController,
    VismaConnectController,
    OrganizationsController,
    AccountsController,
    VatTypesController,
    FilesController,
    PurchaseVouchersController,
    LedgerItemsController,
    EntriesController,
    ContactsController,
  ],
  providers: [TokenService, DineroAuthGuard, FaultInterceptor, LargeFileFilter],
})
export class DineroApiModule {}
