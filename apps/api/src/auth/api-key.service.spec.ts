import type { AuditTrail } from '@ledgerbridge/audit';
import type { ApiKeyEntity } from '@ledgerbridge/persistence';
import type { JobQueue } from '@ledgerbridge/queue';
import type { Repository } from 'typeorm';
import { hashSecret } from './api-key-secrets';
import { ApiKeyService } from './api-key.service';

// The key lookup is the database's (covered end to end); here only how often a key's use reaches the queue.
function serviceWith(enqueue: jest.Mock) {
  const keys = [
    { id: 'k1', role: 'company', companyId: 'c1', secretHash: hashSecret('one') },
    { id: 'k2', role: 'company', companyId: 'c2', secretHash: hashSecret('two') },
  ];
  const repository = {
    findOne: async ({ where }: { where: { secretHash: string } }) =>
      keys.find((k) => k.secretHash === where.secretHash) ?? null,
  } as unknown as Repository<ApiKeyEntity>;
  const queue = { enqueue } as unknown as JobQueue;
  return new ApiKeyService(repository, queue, {} as AuditTrail);
}

describe('ApiKeyService: recording a key use', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-03T10:00:05Z'), doNotFake: ['nextTick'] }));
  afterEach(() => jest.useRealTimers());

  it('asks the queue once per key and minute, whatever the number of requests', async () => {
    const enqueue = jest.fn().mockResolvedValue(true);
    const service = serviceWith(enqueue);
    for (let i = 0; i < 5; i++) await service.authenticate('one');
    await service.authenticate('two');
    expect(enqueue.mock.calls.map((c) => c[2].jobId)).toEqual([
      'api-key.used:k1:2026-12-03T10:00',
      'api-key.used:k2:2026-12-03T10:00',
    ]);
    jest.setSystemTime(new Date('2026-12-03T10:01:00Z'));
    await service.authenticate('one');
    expect(enqueue).toHaveBeenCalledTimes(3);
    expect(enqueue.mock.calls[2]).toEqual([
      'api-key.used',
      { keyId: 'k1', usedAt: '2026-12-03T10:01:00.000Z' },
      { jobId: 'api-key.used:k1:2026-12-03T10:01' },
    ]);
  });

  it('tries again on the next request after a failed add', async () => {
    const enqueue = jest.fn().mockRejectedValueOnce(new Error('Redis is away')).mockResolvedValue(true);
    const service = serviceWith(enqueue);
    expect(await service.authenticate('one')).toEqual({ keyId: 'k1', role: 'company', companyId: 'c1' });
    await Promise.resolve();
    await service.authenticate('one');
    await service.authenticate('one');
    expect(enqueue).toHaveBeenCalledTimes(2);
  });

  it('records nothing for an unknown secret', async () => {
    const enqueue = jest.fn().mockResolvedValue(true);
    expect(await serviceWith(enqueue).authenticate('three')).toBeUndefined();
    expect(enqueue).not.toHaveBeenCalled();
  });
});
