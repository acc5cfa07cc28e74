import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Put,
  Query,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SANDBOX_OPTIONS, RunningOptions } from '../config/sandbox.tokens';
import { purchaseReadModel } from '../bookkeeping/purchase-voucher.presenter';
import { PurchaseVoucherService } from '../bookkeeping/purchase-voucher.service';
import { opaqueToken } from '../state/auth.store';
import { SandboxState } from '../state/sandbox.state';
import { generateLargeChart } from '../seed/chart.generator';
import {
  ApproveDto,
  CreateApiKeyDto,
  CreateIntegrationDto,
  CreateOrganizationDto,
  EditAccountDto,
  FaultsDto,
  GenerateChartDto,
} from './control.dto';
import { SandboxControlService } from './sandbox-control.service';

// The sandbox's own surface: never under a Dinero path, so a Dinero client can never reach it by mistake.
@ApiTags('sandbox')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
@Controller('_sandbox')
export class SandboxControlController {
  constructor(
    private readonly state: SandboxState,
    private readonly control: SandboxControlService,
    private readonly vouchers: PurchaseVoucherService,
    @Inject(SANDBOX_OPTIONS) private readonly options: RunningOptions,
  ) {}

  @Get('state')
  @ApiOperation({ summary: 'Organizations, integrations, API keys and settings' })
  overview() {
    return this.control.overview();
  }

  @Post('reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Forget everything and load the seed again' })
  reset() {
    this.state.reset();
    return this.control.overview();
  }

  @Post('organizations')
  @ApiOperation({ summary: 'Create an organization (paid or not) with the standard chart and an API key' })
  createOrganization(@Body() dto: CreateOrganizationDto) {
    const id = dto.id ?? this.state.organizations.nextId();
    if (this.state.organizations.get(id)) throw new BadRequestException(`Organization ${id} already exists.`);
    const paid = dto.paid ?? true;
    const base = this.state.defaultChart();
    const chart = dto.chartSize ? generateLargeChart(base, dto.chartSize) : base;
    const apiKey = dto.apiKey ?? opaqueToken();
    const organization = this.state.addOrganization(
      { Id: id, Name: dto.name, IsPro: paid, IsPayingPro: paid, apiKeys: [{ key: apiKey }] },
      chart,
    );
    return { ...organization, paid, apiKey };
  }

  @Get('organizations/:id')
  @ApiOperation({ summary: 'What an organization holds: drafts, booked vouchers, ledger items, files, balances' })
  holdings(@Param('id', ParseIntPipe) id: number) {
    return this.control.holdings(id);
  }

  @Get('organizations/:id/balances')
  @ApiOperation({ summary: 'Balance per account in kroner, from posted entries only' })
  balances(@Param('id', ParseIntPipe) id: number) {
    return this.control.balances(id);
  }

  @Post('integrations')
  @ApiOperation({ summary: 'Create an integration (client id and secret)' })
  createIntegration(@Body() dto: CreateIntegrationDto) {
    const clientId = dto.clientId ?? `client-${opaqueToken(6)}`;
    if (this.state.auth.integrations.get(clientId)) throw new BadRequestException(`Client ${clientId} already exists.`);
    return this.state.auth.addIntegration({
      clientId,
      clientSecret: dto.clientSecret ?? opaqueToken(),
      name: dto.name ?? clientId,
      redirectUris: dto.redirectUris ?? [],
    });
  }

  @Post('organizations/:id/api-keys')
  @ApiOperation({ summary: 'Create an API key for a personal integration' })
  createApiKey(@Param('id', ParseIntPipe) id: number, @Body() dto: CreateApiKeyDto) {
    this.control.organization(id);
    if (dto.clientId && !this.state.auth.integrations.get(dto.clientId))
      throw new NotFoundException(`Client ${dto.clientId} does not exist.`);
    return this.state.auth.addApiKey({
      key: dto.key ?? opaqueToken(),
      organizationId: id,
      clientId: dto.clientId ?? null,
    });
  }

  @Post('organizations/:id/chart/generate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the chart with a generated one of the given size' })
  generateChart(@Param('id', ParseIntPipe) id: number, @Body() dto: GenerateChartDto) {
    this.control.organization(id);
    this.state.chart.load(id, generateLargeChart(this.state.defaultChart(), dto.total));
    return { accounts: this.state.chart.accounts(id).length };
  }

  @Post('organizations/:id/vouchers/:guid/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (Godkend) a draft as the accountant does in Dinero' })
  approve(@Param('id', ParseIntPipe) id: number, @Param('guid') guid: string, @Body() dto: ApproveDto) {
    this.control.organization(id);
    const voucher = this.vouchers.get(id, guid);
    const body = { Timestamp: voucher.timestamp, Number: dto.number ?? null };
    const booked = this.vouchers.book(id, guid, body, { type: 'User', username: dto.username ?? 'revisor@sandbox.dk' });
    return purchaseReadModel(this.state, booked);
  }

  @Delete('organizations/:id/vouchers/:guid')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Delete a voucher as an accountant: a draft vanishes, a booked one gets an offsetting entry',
  })
  deleteVoucher(@Param('id', ParseIntPipe) id: number, @Param('guid') guid: string) {
    this.control.organization(id);
    this.vouchers.delete(id, guid, null, false);
    const voucher = this.state.vouchers.get(id, guid);
    return { deleted: true, status: voucher?.status ?? 'Removed' };
  }

  @Get('organizations/:id/faults')
  @ApiOperation({ summary: 'The fault rules in force for an organization' })
  faults(@Param('id', ParseIntPipe) id: number) {
    this.control.organization(id);
    return { rules: this.state.faults.get(id) };
  }

  @Put('organizations/:id/faults')
  @ApiOperation({ summary: 'Set fault rules: latency, share of 500/503, timeout, commit then fail, 480 brownout' })
  setFaults(@Param('id', ParseIntPipe) id: number, @Body() dto: FaultsDto) {
    this.control.organization(id);
    this.state.faults.set(
      id,
      dto.rules.map((rule) => ({ ...rule, share: rule.share ?? 1 })),
    );
    return { rules: this.state.faults.get(id) };
  }

  @Delete('organizations/:id/faults')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove every fault rule of an organization' })
  clearFaults(@Param('id', ParseIntPipe) id: number) {
    this.control.organization(id);
    this.state.faults.set(id, []);
    return { rules: [] };
  }

  @Patch('organizations/:id/accounts/:number')
  @ApiOperation({ summary: 'Rename or hide an account, as the accountant does in Regnskab › Kontoplan' })
  editAccount(
    @Param('id', ParseIntPipe) id: number,
    @Param('number', ParseIntPipe) number: number,
    @Body() dto: EditAccountDto,
  ) {
    this.control.organization(id);
    const account = this.state.chart.account(id, number);
    if (!account) throw new NotFoundException(`Organization ${id} has no account ${number}.`);
    if (dto.name !== undefined) account.name = dto.name;
    if (dto.isHidden !== undefined) account.isHidden = dto.isHidden;
    return { AccountNumber: account.number, Name: account.name, IsHidden: account.isHidden };
  }

  @Get('organizations/:id/calls')
  @ApiOperation({
    summary:
      'Every API call the rate limit counted for an organization (arrival time, method, path, let through or 429)',
  })
  @ApiQuery({ name: 'since', required: false, description: 'Only calls that arrived at or after this time (ms).' })
  calls(@Param('id', ParseIntPipe) id: number, @Query('since') since?: string) {
    this.control.organization(id);
    const from = since === undefined ? 0 : Number(since);
    if (!Number.isFinite(from)) throw new BadRequestException('since must be a time in milliseconds.');
    const calls = this.state.calls.since(id, from);
    return {
      rateLimit: this.options.rateLimit,
      rateWindowMs: this.options.rateWindowMs,
      admitted: calls.filter((c) => c.admitted).length,
      refused: calls.filter((c) => !c.admitted).length,
      calls,
    };
  }

  @Post('organizations/:id/revoke-tokens')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke every access and refresh token that reaches the organization' })
  revokeTokens(@Param('id', ParseIntPipe) id: number) {
    this.control.organization(id);
    return { revoked: this.state.auth.revokeForOrganization(id) };
  }
}
