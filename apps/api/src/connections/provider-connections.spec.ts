import { ConnectorError, type ConnectorRegistry, type RateLimit } from '@ledgerbridge/connector-sdk';
import type { ConnectionEntity } from '@ledgerbridge/persistence';
import {
  LockLostError,
  memoryPacingStore,
  PacingBudget,
  type CallAllowance,
  type RedisLock,
} from '@ledgerbridge/queue';
import type { Repository } from 'typeorm';
import { ConfigurationError, type AppConfig } from '../config/app-config';
import type { CallBudgetOverrides } from '../config/call-budgets';
import { CredentialCipher, newCredentialKeys, parseCredentialKeys } from './credential-cipher';
import { ProviderConnections } from './provider-connections';

const declared: RateLimit = { requests: 90, perMs: 60_000, byConnectionKind: { api_key: 60 } };
const registry = {
  has: (key: string) => key === 'acme',
  keys: () => ['acme'],
  rateLimitOf: () => declared,
} as unknown as ConnectorRegistry;

/** A real PacingBudget on the in-memory sliding log, recording what each take asked for. */
class RecordingBudget extends PacingBudget {
  readonly taken: Array<{ scope: string; allowance: CallAllowance }> = [];
  constructor() {
    super(memoryPacingStore());
  }
  override async take(scope: string, allowance: CallAllowance): Promise<void> {
    this.taken.push({ scope, allowance });
    return super.take(scope, allowance);
  }
}

const cipher = new CredentialCipher(parseCredentialKeys(newCredentialKeys('k1')));
const companyId = 'c0000000-0000-4000-8000-000000000001';

function connections(callBudgets: CallBudgetOverrides = {}, callWindows: Record<string, number> = {}) {
  const budget = new RecordingBudget();
  const built = new ProviderConnections(
    cipher,
    {} as RedisLock,
    budget,
    registry,
    { callBudgets, callWindows } as AppConfig,
    {} as Repository<ConnectionEntity>,
  );
  return { budget, built };
}

const stored = (authMethod: string) =>
  ({
    id: 'k1',
    companyId,
    providerKey: 'acme',
    organizationId: '42',
    authMethod,
    credentials: cipher.encrypt(companyId, { apiKey: 'secret' }),
  }) as ConnectionEntity;

describe('ProviderConnections call budgets', () => {
  it('hands every stored connection its organization’s budget for its connection kind', async () => {
    const { budget, built } = connections();
    await built.forStored(stored('api_key')).callBudget!.take();
    await built.forStored(stored('oauth')).callBudget!.take();
    expect(budget.taken).toEqual([
      { scope: 'acme:42', allowance: { requests: 60, perMs: 60_000 } },
      { scope: 'acme:42', allowance: { requests: 90, perMs: 60_000 } },
    ]);
  });

  it('budgets a connection being verified before it is stored, in the same scope', async () => {
    const { budget, built } = connections();
    const unsaved = built.unsaved(
      companyId,
      { providerKey: 'acme', organizationId: '42', connectionKind: 'api_key' },
      { apiKey: 'k' },
    );
    await unsaved.callBudget!.take();
    expect(budget.taken).toEqual([{ scope: 'acme:42', allowance: { requests: 60, perMs: 60_000 } }]);
  });

  it('lets the operator override the declared budget, per kind or for every kind', () => {
    expect(connections({ acme: { api_key: 20 } }).built.allowance('acme', 'api_key')).toEqual({
      requests: 20,
      perMs: 60_000,
    });
    expect(connections({ acme: { api_key: 20 } }).built.allowance('acme', 'oauth')).toEqual({
      requests: 90,
      perMs: 60_000,
    });
    expect(connections({ acme: { '*': 30 } }).built.allowance('acme', 'oauth')).toEqual({
      requests: 30,
      perMs: 60_000,
    });
  });

  it('lets the operator shorten or lengthen the window the budget is counted over', () => {
    expect(connections({ acme: { '*': 100 } }, { acme: 6_000 }).built.allowance('acme', 'oauth')).toEqual({
      requests: 100,
      perMs: 6_000,
    });
    expect(connections({}, { other: 6_000 }).built.allowance('acme', 'api_key')).toEqual({
      requests: 60,
      perMs: 60_000,
    });
  });

  it('refuses once the budget is spent, for every connection of the organization', async () => {
    const { built } = connections({ acme: { '*': 1 } });
    await built.forStored(stored('api_key')).callBudget!.take();
    const refusal = await built
      .forStored(stored('oauth'))
      .callBudget!.take()
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ConnectorError);
    expect(refusal).toMatchObject({ code: 'rate_limited', retryable: true });
  });

  it('spends an export’s reserved calls first and takes afresh only beyond them', async () => {
    const { budget, built } = connections();
    const allowance = built.allowance('acme', 'api_key');
    const reserved = await budget.reserve('acme:42', allowance, 2);
    if (!reserved.granted) throw new Error('the reservation was refused');
    const connection = built.forStored(stored('api_key'), reserved.reservation);
    await connection.callBudget!.take();
    await connection.callBudget!.take();
    expect(reserved.reservation.remaining).toBe(0);
    expect(budget.taken).toEqual([]);
    await connection.callBudget!.take();
    expect(budget.taken).toEqual([{ scope: 'acme:42', allowance }]);
  });

  it('checks at start that every budget can be kept', () => {
    expect(() => connections().built.onApplicationBootstrap()).not.toThrow();
    const odd = new ProviderConnections(
      cipher,
      {} as RedisLock,
      new RecordingBudget(),
      {
        ...registry,
        keys: () => ['acme'],
        has: () => true,
        rateLimitOf: () => ({ requests: 10, perMs: 500 }),
      } as unknown as ConnectorRegistry,
      { callBudgets: {} } as unknown as AppConfig,
      {} as Repository<ConnectionEntity>,
    );
    expect(() => odd.onApplicationBootstrap()).toThrow(ConfigurationError);
  });
});

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
  return {
    row,
    updates,
    held,
    connections: new ProviderConnections(
      cipher,
      lock,
      new RecordingBudget(),
      registry,
      { callBudgets: {} } as AppConfig,
      repository,
    ),
  };
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
