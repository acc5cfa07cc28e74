import { Body, Controller, Delete, HttpCode, Post, Put } from '@nestjs/common';
import { DineroApi, OrganizationId } from '../auth/dinero-api.decorator';
import { ledgerItemReadModel } from '../bookkeeping/ledger-item.rules';
import { LedgerItemService } from '../bookkeeping/ledger-item.service';

// Ledger items (Kassekladde): create only on /v1.2, everything else on /v1, as the document lists them.
@DineroApi()
@Controller()
export class LedgerItemsController {
  constructor(private readonly ledger: LedgerItemService) {}

  // The document declares one {Id, Version}; the sandbox answers for the first item (see README).
  @Post('v1.2/:organizationId/ledgeritems')
  @HttpCode(200)
  create(@OrganizationId() organizationId: number, @Body() body: unknown) {
    const [first] = this.ledger.create(organizationId, body);
    return { Id: first.id, Version: first.version };
  }

  @Put('v1/:organizationId/ledgeritems')
  update(@OrganizationId() organizationId: number, @Body() body: unknown) {
    return this.ledger.update(organizationId, body).map((item) => ({ Id: item.id, Version: item.version }));
  }

  @Post('v1/:organizationId/ledgeritems/ledgers')
  @HttpCode(200)
  unbooked(@OrganizationId() organizationId: number, @Body() body: unknown) {
    return this.ledger.unbooked(organizationId, body).map(ledgerItemReadModel);
  }

  @Post('v1/:organizationId/ledgeritems/book')
  @HttpCode(200)
  book(@OrganizationId() organizationId: number, @Body() body: unknown): void {
    this.ledger.book(organizationId, body);
  }

  @Post('v1/:organizationId/ledgeritems/status')
  @HttpCode(200)
  status(@OrganizationId() organizationId: number, @Body() body: unknown) {
    return this.ledger
      .status(organizationId, body)
      .map((item) => ({ Status: item.status, VoucherNumber: item.voucherNumber, Id: item.id, Version: item.version }));
  }

  @Delete('v1/:organizationId/ledgeritems/delete')
  @HttpCode(200)
  remove(@OrganizationId() organizationId: number, @Body() body: unknown): void {
    this.ledger.delete(organizationId, body);
  }
}
