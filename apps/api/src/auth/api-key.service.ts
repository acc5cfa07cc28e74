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

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly queue: JobQueue,
    private readonly audit: AuditTrail,
  ) {}

  async authenticate(secret: string): Promise<Principal | undefined> {
    const key = await this.keys.findOne({ where: { secretHash: hashSecret(secret), revokedAt: IsNull() } });
    if (!key) return undefined;
    const now = new Date();
    // One job per key and minute at most: Bull drops a job whose id it already holds.
    const minute = now.toISOString().slice(0, 16);
    this.queue
      .enqueue(
        'api-key.used',
        { keyId: key.id, usedAt: now.toISOString() },
        { jobId: `api-key.used:${key.id}:${minute}` },
      )
      .catch((err: unknown) => this.logger.warn(`Could not record the use of API key ${key.id}: ${String(err)}`));
    return { keyId: key.id, role: key.role, companyId: key.companyId };
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
