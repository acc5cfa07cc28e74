import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { actorOf, type Principal } from '../auth/principal';
import { CompaniesService } from '../companies/companies.service';
import { uuidParam } from '../http/uuid-param.pipe';
import { ApiErrors } from '../swagger/api-errors.decorator';
import { TransactionBatchDto } from './transaction.dto';
import { BATCH_EXAMPLES, BATCH_RESULT_EXAMPLES, PREVIEW_EXAMPLES } from './transaction-examples';
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
  @ApiOkResponse({
    description: 'One result per item, in order: created, unchanged, conflict or invalid (naming the fields).',
    type: TransactionBatchResultDto,
    examples: BATCH_RESULT_EXAMPLES,
  })
  @ApiErrors(
    [
      400,
      'The envelope is bad: not `{ items: [...] }`, 0 or over 500 items, an unknown top-level field, or JSON nested deeper than 32 levels; `fields` names it. A bad item answers 200 with that item `invalid`.',
    ],
    [404, 'No such company, or not reachable with this key.'],
    413,
    415,
  )
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
  @ApiOkResponse({ description: 'A page of transactions and the cursor of the next.', type: TransactionPageDto })
  @ApiErrors(
    [
      400,
      'A filter is bad (`kind`, `state`, `from`/`to` not a calendar date YYYY-MM-DD, `categoryKey`, `limit` outside 1–200, a `cursor` this API did not answer, an unknown or repeated parameter); `fields` names it.',
    ],
    [404, 'No such company, or not reachable with this key.'],
  )
  async list(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: TransactionQueryDto,
  ): Promise<TransactionPageDto> {
    await this.companies.get(companyId);
    return this.transactions.list(companyId, query);
  }

  @Get(':transactionId')
  @ApiOperation({ summary: 'One transaction as stored' })
  @ApiOkResponse({ description: 'The transaction as stored, with its state and version.', type: TransactionDto })
  @ApiErrors(
    [400, '`companyId` or `transactionId` is not a UUID.'],
    [404, "No such transaction of this company (another company's transaction answers 404 too)."],
  )
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
  @ApiOkResponse({ description: 'The preview; `outcome` says what an export would book.', examples: PREVIEW_EXAMPLES })
  @ApiErrors(
    [400, '`companyId` or `transactionId` is not a UUID.'],
    [404, "No such transaction of this company (another company's transaction answers 404 too)."],
  )
  async preview(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('transactionId', uuidParam('transactionId')) transactionId: string,
  ): Promise<TransactionPreview> {
    const company = await this.companies.get(companyId);
    return this.previews.preview(company, transactionId);
  }
}
