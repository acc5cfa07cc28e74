import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { actorOf, type Principal } from '../auth/principal';
import { CompaniesService } from '../companies/companies.service';
import { ApiError } from '../http/api-errors';
import { uuidParam } from '../http/uuid-param.pipe';
import { ApiErrors } from '../swagger/api-errors.decorator';
import { ExportBatchDto, ExportDto, ExportRequestDto, ResolveDto } from './export.dto';
import { ExportsService } from './exports.service';

const exactlyOne = (field: string, message: string) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The request is not valid.', [{ field, message }]);

@ApiTags('exports')
@Controller('companies/:companyId')
export class ExportsController {
  constructor(
    private readonly companies: CompaniesService,
    private readonly exports: ExportsService,
  ) {}

  @Post('exports')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Export transactions to the connected provider: answers the batch at once, workers do the rest',
    description:
      'Each transaction gets one export of its current version; one that already has it is counted in `skipped`, never sent twice. 400 names each id that does not exist in this company; 409 when the company has no connected provider.',
  })
  @ApiBody({
    type: ExportRequestDto,
    examples: {
      ids: { summary: 'These transactions', value: { transactionIds: ['0b9c7c1e-3c1f-4a3e-9a51-2f1a6c3d9e10'] } },
      ready: { summary: 'Everything not exported yet', value: { all: 'ready' } },
    },
  })
  @ApiAcceptedResponse({ type: ExportBatchDto })
  @ApiErrors(400, 404, 409)
  async request(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() dto: ExportRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ExportBatchDto> {
    if ((dto.transactionIds === undefined) === (dto.all === undefined))
      throw exactlyOne('transactionIds', 'send either transactionIds or all, not both and not neither');
    await this.companies.get(companyId);
    const selection = dto.transactionIds ? { transactionIds: dto.transactionIds } : { all: 'ready' as const };
    return this.exports.request(companyId, selection, actorOf(principal));
  }

  @Get('exports/:batchId')
  @ApiOperation({ summary: "A batch's exports counted by state, and its progress" })
  @ApiOkResponse({ type: ExportBatchDto })
  @ApiErrors(400, 404)
  async batch(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('batchId', uuidParam('batchId')) batchId: string,
  ): Promise<ExportBatchDto> {
    await this.companies.get(companyId);
    return this.exports.batch(companyId, batchId);
  }

  @Post('transactions/:transactionId/re-export')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Export a transaction again: from failed, needs_attention (after the cause is fixed) or deleted_in_provider',
    description:
      '`failed` and `needs_attention` wrote nothing, so the same export goes back to `queued` (a new attempt); `deleted_in_provider` makes a new version of the transaction with a new export. 409 from any other state.',
  })
  @ApiAcceptedResponse({ type: ExportDto })
  @ApiErrors(400, 404, 409)
  async reExport(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('transactionId', uuidParam('transactionId')) transactionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ExportDto> {
    await this.companies.get(companyId);
    return this.exports.reExport(companyId, transactionId, actorOf(principal));
  }

  @Post('transactions/:transactionId/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Settle an in_doubt export by hand: the provider id you found there, or "not there: send again"',
    description: 'Only for `in_doubt` (409 otherwise). `{ providerId }` → `exported`; `{ notThere: true }` → `queued`.',
  })
  @ApiBody({
    type: ResolveDto,
    examples: {
      found: { summary: 'Found in Dinero', value: { providerId: '4f6b1f7e-2c0a-4b8e-9d3a-1e2f3a4b5c6d' } },
      absent: { summary: 'Not there: send again', value: { notThere: true } },
    },
  })
  @ApiOkResponse({ type: ExportDto })
  @ApiErrors(400, 404, 409)
  async resolve(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('transactionId', uuidParam('transactionId')) transactionId: string,
    @Body() dto: ResolveDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ExportDto> {
    if ((dto.providerId === undefined) === (dto.notThere === undefined))
      throw exactlyOne('providerId', 'send either providerId or notThere, not both and not neither');
    await this.companies.get(companyId);
    const resolution = dto.providerId ? { providerId: dto.providerId } : { notThere: true as const };
    return this.exports.resolve(companyId, transactionId, resolution, actorOf(principal));
  }
}
