import type { ConnectionEntity } from '@ledgerbridge/persistence';
import { LockLostError, type RedisLock } from '@ledgerbridge/queue';
import type { Repository } from 'typeorm';
import { CredentialCipher, newCredentialKeys, parseCredentialKeys } from './credential-cipher';
import { ProviderConnections } from './provider-connections';

const companyId = 'c0000000-0000-4000-8000-000000000001';

function setup() {
  const cipher = new CredentialCipher(parseCredentialKeys(newCredentialKeys('k1')));
  const row = {
    id: 'conn-1',
    companyId,
    organizationId: '100001',
    providerKey: 'dinero',
    credentials: cipher.encrypt(companyId, { refreshToken: 'refresh-1' }),
  } as ConnectionEntity;
  const updates: Record<string, string>[] = [];
  const repository = {
    findOneBy: async () => row,
    update: async (_where: unknown, change: { credentials: string }) => {
      updates.push(cipher.decrypt(companyId, change.credentials));
      row.credentials = change.credentials;
    },
  } as unknown as Repository<ConnectionEntity>;
  // Stands for RedisLock.run: the held signal is the one the real lock aborts when a renewal finds the lock gone.
  const held = new AbortController();
  const lock = {
    run: async <T>(_name: string, task: (signal: AbortSignal) => Promise<T>) => {
      const result = await task(held.signal);
      if (held.signal.aborted) throw held.signal.reason;
      return result;
    },
  } as unknown as RedisLock;
  return { row, updates, held, connections: new ProviderConnections(cipher, lock, repository) };
}

describe('ProviderConnections.forStored', () => {
  it('stores a rotation made under the lock, starting from what is stored now', async () => {
    const { row, updates, connections } = setup();
    const connection = connections.forStored(row);
    const seen = await connection.exclusive!(async (stored) => {
      await connection.saveCredentials!({ refreshToken: 'refresh-2' });
      return stored['refreshToken'];
    });
    expect(seen).toBe('refresh-1');
    expect(updates).toEqual([{ refreshToken: 'refresh-2' }]);
  });

  it('refuses to store a rotation once the lock was lost, so it cannot overwrite a newer holder’s', async () => {
    const { row, updates, held, connections } = setup();
    const connection = connections.forStored(row);
    const run = connection.exclusive!(async () => {
      held.abort(new LockLostError('lost'));
      await connection.saveCredentials!({ refreshToken: 'refresh-2' });
    });
    await expect(run).rejects.toBeInstanceOf(LockLostError);
    expect(updates).toEqual([]);
  });
});
