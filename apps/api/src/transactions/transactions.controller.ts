import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { actorOf, type Principal } from '../auth/principal';
import { CompaniesService } from '../companies/companies.service';
import { uuidParam } from '../http/uuid-param.pipe';
import { ApiErrors } from '../swagger/api-errors.decorator';
import { TransactionBatchDto } from './transaction.dto';
import { BATCH_EXAMPLES } from './transaction-examples';
import {
  TransactionBatchResultDto,
  TransactionDto,
  TransactionPageDto,
  TransactionQueryDto,
} from './transaction-view.dto';
import { TransactionsService } from './transactions.service';
import { PreviewService, type TransactionPreview } from '../preview/preview.service';

@ApiTags('transactions')
@Controller('companies/:companyId/transactions')
export class TransactionsController {
  constructor(
    private readonly companies: CompaniesService,
    private readonly transactions: TransactionsService,
    private readonly previews: PreviewService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Hand over a batch of 1–500 transactions; each item answers created, unchanged, conflict or invalid',
    description:
      'Idempotent by `platformId`: the same id and content answers `unchanged`, other content a `conflict` naming the fields that differ (nothing is changed). 400 only when the envelope is bad (not `{ items: [...] }` with 1–500 items); each item is judged on its own.',
  })
  @ApiBody({ type: TransactionBatchDto, examples: BATCH_EXAMPLES })
  @ApiOkResponse({ type: TransactionBatchResultDto })
  @ApiErrors(400, 404)
  async ingest(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() dto: TransactionBatchDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TransactionBatchResultDto> {
    const company = await this.companies.get(companyId);
    return this.transactions.ingest(company, dto.items, actorOf(principal));
  }

  @Get()
  @ApiOperation({ summary: "The company's transactions, newest booking date first, a page at a time by cursor" })
  @ApiOkResponse({ type: TransactionPageDto })
  @ApiErrors(400, 404)
  async list(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: TransactionQueryDto,
  ): Promise<TransactionPageDto> {
    await this.companies.get(companyId);
    return this.transactions.list(companyId, query);
  }

  @Get(':transactionId')
  @ApiOperation({ summary: 'One transaction as stored' })
  @ApiOkResponse({ type: TransactionDto })
  @ApiErrors(400, 404)
  async get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('transactionId', uuidParam('transactionId')) transactionId: string,
  ): Promise<TransactionDto> {
    await this.companies.get(companyId);
    return this.transactions.get(companyId, transactionId);
  }

  @Get(':transactionId/preview')
  @ApiOperation({
    summary: 'What an export would send now: postings, attention reasons and the provider request; sends nothing',
    description:
      'Read from the stored chart, setup and categories only (no provider call). Amounts in `postings` are integer minor units as strings; `exportId` is the id (and `lb-export-<exportId>` the external reference) an export of this version will use; `providerRequest.path` (e.g. Dinero `/v1.2/{organizationId}/vouchers/purchase`) keeps `{organizationId}`.',
  })
  @ApiOkResponse({
    schema: {
      example: {
        transactionId: '0b9c7c1e-3c1f-4a3e-9a51-2f1a6c3d9e10',
        version: 1,
        exportId: '3f2a1c4e-9b7d-5e21-8a34-6c0d2e9f1b75',
        provider: 'dinero',
        outcome: 'expense_voucher',
        postings: [
          {
            accountNumber: '2250',
            accountName: 'Rejseudgifter',
            taxCode: 'I25',
            currency: 'DKK',
            gross: '12550',
            net: '10040',
            vat: '2510',
            description: 'Café Norden: lunch',
          },
          {
            accountNumber: '55010',
            accountName: 'Kortkonto',
            taxCode: null,
            currency: 'DKK',
            gross: '-12550',
            net: null,
            vat: null,
            description: 'paid from',
          },
        ],
        reasons: [],
        providerRequest: {
          method: 'POST',
          body: {
            PurchaseType: 'cash',
            VoucherDate: '2026-11-20',
            DepositAccountNumber: 55010,
            ExternalReference: 'lb-export-3f2a1c4e-9b7d-5e21-8a34-6c0d2e9f1b75',
            Lines: [{ Amount: 125.5, AccountNumber: 2250, Description: 'Café Norden: lunch', VatCode: 'I25' }],
          },
        },
      },
    },
  })
  @ApiErrors(400, 404)
  async preview(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('transactionId', uuidParam('transactionId')) transactionId: string,
  ): Promise<TransactionPreview> {
    const company = await this.companies.get(companyId);
    return this.previews.preview(company, transactionId);
  }
}
