import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import { ConnectorError, ConnectorRegistry, hasCapability } from '@ledgerbridge/connector-sdk';
import { ConnectionEntity } from '@ledgerbridge/persistence';
import { JobQueue } from '@ledgerbridge/queue';
import { EntityManager, Not, QueryFailedError, Repository } from 'typeorm';
import { ApiError, conflict, notFound } from '../http/api-errors';
import { apiErrorFromConnector } from './connection-errors';
import { AuthorizeConnectionDto, CreateConnectionDto } from './connection.dto';
import { CredentialCipher } from './credential-cipher';
import { ProviderConnections } from './provider-connections';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Connect, authorize, read and disconnect a company's provider connection; nothing is stored unverified. */
@Injectable()
export class ConnectionsService {
  private readonly logger = new Logger(ConnectionsService.name);

  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly cipher: CredentialCipher,
    private readonly providerConnections: ProviderConnections,
    private readonly audit: AuditTrail,
    private readonly queue: JobQueue,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
  ) {}

  async create(
    companyId: string,
    dto: CreateConnectionDto,
    actor: string,
  ): Promise<{ connection: ConnectionEntity; authorizeUrl?: string }> {
    const connector = this.connectorFor(dto.provider);
    const existing = await this.current(companyId);
    if (existing && existing.status === 'connected') {
      throw conflict('The company is already connected; disconnect it first.', [
        {
          field: 'provider',
          message: `company is connected to ${existing.providerKey} (organization ${existing.organizationId})`,
        },
      ]);
    }
    if (dto.method === 'oauth') {
      if (!hasCapability(connector, 'oauth')) {
        throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The request is not valid.', [
          { field: 'method', message: `provider "${dto.provider}" has no OAuth login; use method api_key` },
        ]);
      }
      const state = randomBytes(24).toString('base64url');
      const redirectUri = String(dto.redirectUri);
      const row = this.newRow(companyId, dto, {
        status: 'pending_authorization',
        oauthStateHash: sha256(state),
        oauthRedirectUri: redirectUri,
      });
      await this.replace(existing, row, actor, 'connection.authorization-started');
      return { connection: row, authorizeUrl: connector.authorizationUrl({ state, redirectUri }) };
    }
    const credentials = this.checkedCredentials(dto.provider, dto.credentials ?? {});
    const verified = await this.verify(
      companyId,
      { providerKey: dto.provider, organizationId: dto.organizationId, connectionKind: dto.method },
      credentials,
    );
    const row = this.newRow(companyId, dto, {
      status: 'connected',
      organizationName: verified.organizationName,
      credentials: this.cipher.encrypt(companyId, verified.credentials),
      lastVerifiedAt: new Date(),
    });
    await this.replace(existing, row, actor, 'connection.created');
    await this.startSync(row, 'connected');
    return { connection: (await this.connections.findOneBy({ id: row.id })) ?? row };
  }

  /** Finishes an OAuth login: the code is exchanged and the grant verified against the Company ID before saving. */
  async authorize(
    companyId: string,
    connectionId: string,
    dto: AuthorizeConnectionDto,
    actor: string,
  ): Promise<ConnectionEntity> {
    const row = await this.get(companyId, connectionId);
    if (row.status !== 'pending_authorization' || !row.oauthStateHash || !row.oauthRedirectUri) {
      throw conflict('This connection is not waiting for an authorization.');
    }
    if (sha256(dto.state) !== row.oauthStateHash) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'STATE_MISMATCH',
        'The state does not belong to this connection.',
        [{ field: 'state', message: 'state does not match the one issued with the authorize URL' }],
      );
    }
    const connector = this.connectorFor(row.providerKey);
    if (!hasCapability(connector, 'oauth')) throw conflict(`Provider ${row.providerKey} no longer offers OAuth.`);
    let credentials: Record<string, string>;
    try {
      credentials = {
        ...(await connector.exchangeAuthorizationCode({ code: dto.code, redirectUri: row.oauthRedirectUri }))
          .credentials,
      };
    } catch (err) {
      // A refused exchange means the code itself: expired, used already, or for another redirect URI.
      if (err instanceof ConnectorError && ['authentication', 'validation', 'not_found'].includes(err.code)) {
        throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'PROVIDER_REJECTED_CODE', err.message, [
          {
            field: 'code',
            message: 'the provider refused this code (expired, already used, or issued for another redirect URI)',
          },
        ]);
      }
      throw apiErrorFromConnector(err, row.providerKey);
    }
    const verified = await this.verify(
      companyId,
      { providerKey: row.providerKey, organizationId: row.organizationId, connectionKind: row.authMethod },
      credentials,
    );
    await this.audit.transaction(companyId, async (tx) => {
      await tx.getRepository(ConnectionEntity).update(
        { id: row.id, status: 'pending_authorization' },
        {
          status: 'connected',
          organizationName: verified.organizationName,
          credentials: this.cipher.encrypt(companyId, verified.credentials),
          oauthStateHash: null,
          oauthRedirectUri: null,
          lastVerifiedAt: new Date(),
          lastError: null,
        },
      );
      await this.audit.record(
        {
          companyId,
          actor,
          action: 'connection.authorized',
          subjectType: 'connection',
          subjectId: row.id,
          after: { organizationName: verified.organizationName },
        },
        tx,
      );
    });
    this.logger.log(
      `Company ${companyId} authorized its ${row.providerKey} connection to organization ${row.organizationId}.`,
    );
    const connected = await this.get(companyId, connectionId);
    await this.startSync(connected, 'connected');
    return this.get(companyId, connectionId);
  }

  /** The company's current connection (active, or the last one disconnected); with `history`, every one it had. */
  async list(companyId: string, history = false): Promise<ConnectionEntity[]> {
    const where = history ? { companyId } : { companyId, status: Not('replaced' as const) };
    // Newest first: the current one (never replaced), then by when each was superseded (created_at is whole seconds on SQLite).
    return this.connections.find({
      where,
      order: { replacedAt: { direction: 'DESC', nulls: 'FIRST' }, createdAt: 'DESC' },
    });
  }

  private current(companyId: string): Promise<ConnectionEntity | null> {
    return this.connections.findOne({
      where: { companyId, status: Not('replaced' as const) },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  async get(companyId: string, connectionId: string): Promise<ConnectionEntity> {
    const row = await this.connections.findOneBy({ id: connectionId, companyId });
    if (!row) throw notFound('Connection');
    return row;
  }

  /** Forgets the credentials at once; the row stays, marked disconnected (with when), for the record. */
  async disconnect(companyId: string, connectionId: string, actor: string): Promise<ConnectionEntity> {
    const row = await this.get(companyId, connectionId);
    if (row.status !== 'disconnected' && row.status !== 'replaced') {
      await this.audit.transaction(companyId, async (tx) => {
        await tx.getRepository(ConnectionEntity).update(
          { id: row.id },
          {
            status: 'disconnected',
            disconnectedAt: new Date(),
            credentials: null,
            oauthStateHash: null,
            oauthRedirectUri: null,
          },
        );
        await this.audit.record(
          {
            companyId,
            actor,
            action: 'connection.disconnected',
            subjectType: 'connection',
            subjectId: row.id,
            before: { status: row.status },
          },
          tx,
        );
      });
      this.logger.log(`Company ${companyId} disconnected from ${row.providerKey}.`);
    }
    return this.get(companyId, connectionId);
  }

  /** Queues a chart sync, or returns the one already waiting or running for this connection. */
  async startSync(row: ConnectionEntity, reason: 'connected' | 'requested' | 'scheduled'): Promise<string> {
    if (row.status !== 'connected') throw conflict('Only a connected company can be synced.');
    if (row.lastSyncJobId) {
      const running = await this.queue.find(row.lastSyncJobId);
      if (running && ['waiting', 'delayed', 'active'].includes(running.state)) return running.id;
    }
    const jobId = `chart.sync:${row.id}:${Date.now()}`;
    // Enough attempts to wait out a provider's rate-limit window and the budget's pause after it.
    await this.queue.enqueue(
      'chart.sync',
      { companyId: row.companyId, connectionId: row.id, reason },
      { jobId, attempts: 5 },
    );
    await this.connections.update({ id: row.id }, { lastSyncJobId: jobId, lastSyncStatus: 'queued' });
    return jobId;
  }

  private connectorFor(provider: string) {
    try {
      return this.registry.get(provider);
    } catch (err) {
      throw apiErrorFromConnector(err, provider);
    }
  }

  /** Refuses credential fields the provider does not know, naming each. */
  private checkedCredentials(provider: string, given: Record<string, unknown>): Record<string, string> {
    const schema = this.connectorFor(provider).credentialSchema;
    const known = new Set(schema.map((f) => f.key));
    const problems = Object.entries(given).flatMap(([key, value]) =>
      !known.has(key)
        ? [{ field: `credentials.${key}`, message: `${provider} has no credential field "${key}"` }]
        : typeof value !== 'string' || value.trim() === ''
          ? [{ field: `credentials.${key}`, message: `credentials.${key} must be a non-empty string` }]
          : [],
    );
    if (problems.length > 0)
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The request is not valid.', problems);
    return given as Record<string, string>;
  }

  private async verify(
    companyId: string,
    target: { providerKey: string; organizationId: string; connectionKind: string },
    credentials: Record<string, string>,
  ) {
    const { providerKey: provider, organizationId } = target;
    const connection = this.providerConnections.unsaved(companyId, target, credentials);
    try {
      const check = await this.connectorFor(provider).verify(connection);
      return { organizationName: check.organizationName ?? null, credentials: connection.current() };
    } catch (err) {
      this.logger.warn(
        `Verifying company ${companyId}'s ${provider} connection to organization ${organizationId} failed: ${(err as Error).message}`,
      );
      throw apiErrorFromConnector(err, provider);
    }
  }

  private newRow(companyId: string, dto: CreateConnectionDto, fields: Partial<ConnectionEntity>): ConnectionEntity {
    return this.connections.create({
      id: randomUUID(),
      companyId,
      providerKey: dto.provider,
      organizationId: dto.organizationId,
      organizationName: null,
      authMethod: dto.method,
      credentials: null,
      oauthStateHash: null,
      oauthRedirectUri: null,
      lastVerifiedAt: null,
      lastSyncAt: null,
      lastSyncStatus: null,
      lastSyncJobId: null,
      lastError: null,
      replacedAt: null,
      disconnectedAt: null,
      ...fields,
    });
  }

  /**
   * One current connection per company: a disconnected or pending one is superseded (kept as history, with no secret
   * left on it), with the change audited. The database allows one active connection per company, so of two racing
   * connects one answers 409.
   */
  private async replace(
    existing: ConnectionEntity | null,
    row: ConnectionEntity,
    actor: string,
    action: string,
  ): Promise<void> {
    try {
      await this.audit.transaction(row.companyId, (tx) => this.supersede(tx, existing, row, actor, action));
    } catch (err) {
      // PostgreSQL names the index; SQLite names its column.
      if (
        err instanceof QueryFailedError &&
        /IDX_connections_one_active|UNIQUE constraint failed: connections\.company_id/.test(err.message)
      ) {
        throw conflict('The company is already connected; disconnect it first.');
      }
      throw err;
    }
    this.logger.log(`Company ${row.companyId}: ${action} (${row.providerKey}, organization ${row.organizationId}).`);
  }

  private async supersede(
    tx: EntityManager,
    existing: ConnectionEntity | null,
    row: ConnectionEntity,
    actor: string,
    action: string,
  ): Promise<void> {
    if (existing) {
      await tx.getRepository(ConnectionEntity).update(
        { id: existing.id, status: existing.status },
        {
          status: 'replaced',
          replacedAt: new Date(),
          credentials: null,
          oauthStateHash: null,
          oauthRedirectUri: null,
        },
      );
    }
    await tx.getRepository(ConnectionEntity).insert(row);
    await this.audit.record(
      {
        companyId: row.companyId,
        actor,
        action,
        subjectType: 'connection',
        subjectId: row.id,
        ...(existing && { before: { replacedConnectionId: existing.id, status: existing.status } }),
        after: {
          provider: row.providerKey,
          organizationId: row.organizationId,
          organizationName: row.organizationName,
          method: row.authMethod,
        },
      },
      tx,
    );
  }
}
