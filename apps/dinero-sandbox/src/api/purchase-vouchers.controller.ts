import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { DineroApi, OrganizationId } from '../auth/dinero-api.decorator';
import { purchaseFetchModel, purchaseReadModel } from '../bookkeeping/purchase-voucher.presenter';
import { PurchaseVoucherService } from '../bookkeeping/purchase-voucher.service';
import { SandboxState } from '../state/sandbox.state';

// Purchase vouchers (Købsbilag) at exactly the versions Dinero's document lists for each operation.
@DineroApi()
@Controller()
export class PurchaseVouchersController {
  constructor(
    private readonly vouchers: PurchaseVoucherService,
    private readonly state: SandboxState,
  ) {}

  @Post(['v1.1/:organizationId/vouchers/purchase', 'v1.2/:organizationId/vouchers/purchase'])
  @HttpCode(200)
  create(@OrganizationId() organizationId: number, @Body() body: unknown) {
    return purchaseReadModel(this.state, this.vouchers.create(organizationId, body));
  }

  @Post('v1/:organizationId/vouchers/purchase/fetch')
  @HttpCode(200)
  fetch(@OrganizationId() organizationId: number, @Body() body: unknown) {
    return purchaseFetchModel(this.state, organizationId, this.vouchers.readDraft(organizationId, body));
  }

  @Post('v1/:organizationId/vouchers/purchase/similar')
  @HttpCode(200)
  similar(@OrganizationId() organizationId: number, @Body() body: unknown) {
    const match = this.vouchers.similar(organizationId, this.vouchers.readDraft(organizationId, body));
    return {
      VoucherNumber: match?.voucherNumber ?? null,
      SimilarGuid: match?.guid ?? null,
      SimilarFound: match !== undefined,
    };
  }

  @Get('v1/:organizationId/vouchers/purchase/fileguid/:fileGuid')
  byFile(@OrganizationId() organizationId: number, @Param('fileGuid') fileGuid: string) {
    return this.vouchers.draftsUsingFile(organizationId, fileGuid);
  }

  @Get('v1/:organizationId/vouchers/purchase/:guid')
  read(@OrganizationId() organizationId: number, @Param('guid') guid: string) {
    return purchaseReadModel(this.state, this.vouchers.get(organizationId, guid));
  }

  @Put(['v1/:organizationId/vouchers/purchase/:guid', 'v1.1/:organizationId/vouchers/purchase/:guid'])
  update(@OrganizationId() organizationId: number, @Param('guid') guid: string, @Body() body: unknown) {
    return purchaseReadModel(this.state, this.vouchers.update(organizationId, guid, body));
  }

  @Post('v1/:organizationId/vouchers/purchase/:guid/book')
  @HttpCode(200)
  book(@OrganizationId() organizationId: number, @Param('guid') guid: string, @Body() body: unknown) {
    return purchaseReadModel(
      this.state,
      this.vouchers.book(organizationId, guid, body, { type: 'Api', username: 'api' }),
    );
  }

  @Delete('v1/:organizationId/vouchers/purchase/:guid')
  @HttpCode(200)
  remove(@OrganizationId() organizationId: number, @Param('guid') guid: string, @Body() body: unknown): void {
    this.vouchers.delete(organizationId, guid, body);
  }
}
