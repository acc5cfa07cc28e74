import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import { ApiKeyEntity } from '@ledgerbridge/persistence';
import { JobQueue } from '@ledgerbridge/queue';
import { IsNull, Repository } from 'typeorm';
import { NewSecret, fromGivenSecret, hashSecret, newSecret } from './api-key-secrets';
import type { Principal } from './principal';

export interface IssuedKey {
  key: ApiKeyEntity;
  /** The only time the secret exists outside the caller's hands. */
  plaintext: string;
}

@Injectable()
export class ApiKeyService {
  private readonly logger = new Logger(ApiKeyService.name);
  /** The keys whose use this process has recorded in `usesMinute` (ISO, to the minute). */
  private usesMinute = '';
  private readonly usesRecorded = new Set<string>();

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly queue: JobQueue,
    private readonly audit: AuditTrail,
  ) {}

  async authenticate(secret: string): Promise<Principal | undefined> {
    const key = await this.keys.findOne({ where: { secretHash: hashSecret(secret), revokedAt: IsNull() } });
    if (!key) return undefined;
    this.recordUse(key.id, new Date());
    return { keyId: key.id, role: key.role, companyId: key.companyId };
  }

  /**
   * One job per key and minute at most: Bull drops a job whose id it already holds, and this process does not ask
   * again within the minute (a poller's every request would otherwise run Bull's add script). A failed add is
   * forgotten, so the next request tries again.
   */
  private recordUse(keyId: string, now: Date): void {
    const minute = now.toISOString().slice(0, 16);
    if (minute !== this.usesMinute) {
      this.usesMinute = minute;
      this.usesRecorded.clear();
    }
    if (this.usesRecorded.has(keyId)) return;
    this.usesRecorded.add(keyId);
    this.queue
      .enqueue('api-key.used', { keyId, usedAt: now.toISOString() }, { jobId: `api-key.used:${keyId}:${minute}` })
      .catch((err: unknown) => {
        if (this.usesMinute === minute) this.usesRecorded.delete(keyId);
        this.logger.warn(`Could not record the use of API key ${keyId}: ${String(err)}`);
      });
  }

  async issueCompanyKey(companyId: string, name: string, createdByKeyId: string): Promise<IssuedKey> {
    return this.insert(newSecret(), { role: 'company', companyId, name, createdByKeyId }, `key:${createdByKeyId}`);
  }

  listForCompany(companyId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { companyId }, order: { createdAt: 'ASC' } });
  }

  /** Revoking twice is harmless; the key stays listed, marked revoked, for the record. */
  async revoke(companyId: string, keyId: string, actor: string): Promise<ApiKeyEntity | undefined> {
    const key = await this.keys.findOne({ where: { id: keyId, companyId } });
    if (!key) return undefined;
    if (!key.revokedAt) {
      await this.audit.transaction(companyId, async (tx) => {
        const revokedAt = new Date();
        const { affected } = await tx
          .getRepository(ApiKeyEntity)
          .update({ id: key.id, revokedAt: IsNull() }, { revokedAt });
        if (affected) {
          await this.audit.record(
            {
              companyId,
              actor,
              action: 'api-key.revoked',
              subjectType: 'api-key',
              subjectId: key.id,
              after: { revokedAt },
            },
            tx,
          );
        }
      });
      this.logger.log(`API key ${key.id} of company ${companyId} was revoked.`);
    }
    return (await this.keys.findOneBy({ id: key.id })) ?? undefined;
  }

  /**
   * Makes sure an admin key exists. With ADMIN_API_KEY given, that key is (re)registered; otherwise one is created
   * on the first start only, and its plaintext is returned so the caller can print it once.
   */
  async ensureAdminKey(given: string | undefined): Promise<IssuedKey | undefined> {
    if (given) {
      const secret = fromGivenSecret(given);
      const existing = await this.keys.findOne({ where: { secretHash: secret.hash } });
      if (existing) {
        if (existing.revokedAt || existing.role !== 'admin') {
          this.logger.warn('ADMIN_API_KEY matches a revoked or non-admin key; it grants no admin access.');
        }
        return undefined;
      }
      await this.insert(
        secret,
        { role: 'admin', companyId: null, name: 'ADMIN_API_KEY', createdByKeyId: null },
        'system',
      );
      return undefined;
    }
    const admins = await this.keys.count({ where: { role: 'admin', revokedAt: IsNull() } });
    if (admins > 0) return undefined;
    return this.insert(
      newSecret(),
      { role: 'admin', companyId: null, name: 'bootstrap admin', createdByKeyId: null },
      'system',
    );
  }

  /** The key and its audit entry (which never holds the secret or its hash) are stored together. */
  private async insert(
    secret: NewSecret,
    fields: Pick<ApiKeyEntity, 'role' | 'companyId' | 'name' | 'createdByKeyId'>,
    actor: string,
  ): Promise<IssuedKey> {
    const key = this.keys.create({
      id: randomUUID(),
      ...fields,
      prefix: secret.prefix,
      secretHash: secret.hash,
      lastUsedAt: null,
      revokedAt: null,
    });
    await this.audit.transaction(key.companyId, async (tx) => {
      await tx.getRepository(ApiKeyEntity).insert(key);
      const after = { id: key.id, role: key.role, name: key.name, prefix: key.prefix };
      await this.audit.record(
        { companyId: key.companyId, actor, action: 'api-key.issued', subjectType: 'api-key', subjectId: key.id, after },
        tx,
      );
    });
    return { key: await this.keys.findOneByOrFail({ id: key.id }), plaintext: secret.plaintext };
  }
}
