import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyEntity, dataSourceOptions } from '@ledgerbridge/persistence';
import { DataSource } from 'typeorm';
import { ApiKeyUsedJob } from './api-key-used.job';

// On SQLite, and on PostgreSQL when DATABASE_URL is set.
describe(`ApiKeyUsedJob on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'SQLite'}`, () => {
  let dir: string;
  let ds: DataSource;
  let job: ApiKeyUsedJob;
  const id = 'a0000000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lb-queue-'));
    ds = new DataSource(dataSourceOptions({ databaseUrl: process.env['DATABASE_URL'] || undefined, dataDir: dir }));
    await ds.initialize();
    await ds.dropDatabase();
    await ds.runMigrations();
    await ds.getRepository(ApiKeyEntity).insert({
      id,
      role: 'admin',
      companyId: null,
      name: 'k',
      prefix: 'lb_x',
      secretHash: 'f'.repeat(64),
      createdByKeyId: null,
      lastUsedAt: null,
      revokedAt: null,
    });
    job = new ApiKeyUsedJob(ds.getRepository(ApiKeyEntity));
  });

  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const lastUsed = async () => (await ds.getRepository(ApiKeyEntity).findOneByOrFail({ id })).lastUsedAt?.toISOString();

  it('records the first use, and only ever moves the time forward', async () => {
    await job.handle({ keyId: id, usedAt: '2026-11-24T08:00:00.000Z' });
    expect(await lastUsed()).toBe('2026-11-24T08:00:00.000Z');
    await job.handle({ keyId: id, usedAt: '2026-11-24T09:30:00.000Z' });
    expect(await lastUsed()).toBe('2026-11-24T09:30:00.000Z');
    await job.handle({ keyId: id, usedAt: '2026-11-24T08:45:00.000Z' });
    expect(await lastUsed()).toBe('2026-11-24T09:30:00.000Z');
  });
});
