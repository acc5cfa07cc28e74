import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JobQueue } from '@ledgerbridge/queue';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { actorOf, type Principal } from '../auth/principal';
import { CompaniesService } from '../companies/companies.service';
import { notFound } from '../http/api-errors';
import { uuidParam } from '../http/uuid-param.pipe';
import { ApiErrors } from '../swagger/api-errors.decorator';
import {
  AuthorizeConnectionDto,
  ConnectionDto,
  CreateConnectionDto,
  ListConnectionsQueryDto,
  SyncJobDto,
} from './connection.dto';
import { ConnectionsService } from './connections.service';

@ApiTags('connections')
@Controller('companies/:companyId/connections')
export class ConnectionsController {
  constructor(
    private readonly companies: CompaniesService,
    private readonly connections: ConnectionsService,
    private readonly queue: JobQueue,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Connect the company to its accounting provider',
    description:
      'method api_key: the credentials are verified against the provider before anything is stored, then a chart sync ' +
      'is queued. method oauth: answers with `authorizeUrl`; send the user there, then post the code and state to ' +
      '`…/authorize`. A wrong Company ID, key or an organization without the needed plan answers 422 and stores nothing.',
  })
  @ApiCreatedResponse({ type: ConnectionDto })
  @ApiErrors(400, 404, 409, 422, 503)
  async create(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() dto: CreateConnectionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConnectionDto> {
    await this.companies.get(companyId);
    const { connection, authorizeUrl } = await this.connections.create(companyId, dto, actorOf(principal));
    return ConnectionDto.of(connection, authorizeUrl);
  }

  @Get()
  @ApiOperation({
    summary: "The company's current connection (at most one), or with history=true every one it had",
    description:
      'A reconnect supersedes the old connection (status replaced, no credentials left); it stays as history.',
  })
  @ApiOkResponse({ type: [ConnectionDto] })
  @ApiErrors(400, 404)
  async list(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: ListConnectionsQueryDto,
  ): Promise<ConnectionDto[]> {
    await this.companies.get(companyId);
    return (await this.connections.list(companyId, query.history === 'true')).map((c) => ConnectionDto.of(c));
  }

  @Get(':connectionId')
  @ApiOperation({ summary: 'A connection: status, last verification, last sync and health' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiErrors(400, 404)
  async get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
  ): Promise<ConnectionDto> {
    return ConnectionDto.of(await this.connections.get(companyId, connectionId));
  }

  @Post(':connectionId/authorize')
  @ApiOperation({ summary: 'Finish an OAuth login with the code and state from the redirect' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiErrors(400, 404, 409, 422, 503)
  @HttpCode(200)
  async authorize(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Body() dto: AuthorizeConnectionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConnectionDto> {
    return ConnectionDto.of(await this.connections.authorize(companyId, connectionId, dto, actorOf(principal)));
  }

  @Delete(':connectionId')
  @ApiOperation({ summary: 'Disconnect: the credentials are forgotten at once' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiErrors(400, 404)
  async disconnect(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConnectionDto> {
    return ConnectionDto.of(await this.connections.disconnect(companyId, connectionId, actorOf(principal)));
  }

  @Post(':connectionId/sync')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Re-sync the chart of accounts and VAT codes now',
    description: 'Answers with the job to poll for progress.',
  })
  @ApiAcceptedResponse({ type: SyncJobDto })
  @ApiErrors(400, 404, 409)
  async sync(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
  ): Promise<SyncJobDto> {
    const jobId = await this.connections.startSync(await this.connections.get(companyId, connectionId), 'requested');
    return this.job(companyId, jobId);
  }

  @Get(':connectionId/sync/:jobId')
  @ApiOperation({ summary: "A sync job's state and progress" })
  @ApiOkResponse({ type: SyncJobDto })
  @ApiErrors(400, 404)
  async syncJob(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('jobId') jobId: string,
  ): Promise<SyncJobDto> {
    await this.connections.get(companyId, connectionId);
    if (!jobId.startsWith(`chart.sync:${connectionId}:`)) throw notFound('Sync job');
    return this.job(companyId, jobId);
  }

  private async job(companyId: string, jobId: string): Promise<SyncJobDto> {
    const job = await this.queue.find(jobId);
    // The payload names its company: a job id guessed from elsewhere reads as not found.
    if (!job || (job.data as { companyId?: string }).companyId !== companyId) throw notFound('Sync job');
    return {
      jobId: job.id,
      state: job.state,
      progress: job.progress,
      result: job.result,
      failedReason: job.failedReason,
    };
  }
}
