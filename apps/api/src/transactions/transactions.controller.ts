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

@ApiTags('transactions')
@Controller('companies/:companyId/transactions')
export class TransactionsController {
  constructor(
    private readonly companies: CompaniesService,
    private readonly transactions: TransactionsService,
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
}
