import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiKeyEntity } from '@ledgerbridge/persistence';
import { IsNull, LessThan, Repository } from 'typeorm';
import { JobHandler, JobMap } from '../job-map';

/** Records when a key was last used, off the request path so that authenticating never waits on a write. */
@Injectable()
export class ApiKeyUsedJob implements JobHandler<'api-key.used'> {
  readonly jobName = 'api-key.used' as const;

  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  async handle({ keyId, usedAt }: JobMap['api-key.used']): Promise<void> {
    const at = new Date(usedAt);
    // Only moves forward: a late job for an older use never overwrites a newer time.
    await this.keys.update({ id: keyId, lastUsedAt: IsNull() }, { lastUsedAt: at });
    await this.keys.update({ id: keyId, lastUsedAt: LessThan(at) }, { lastUsedAt: at });
  }
}
