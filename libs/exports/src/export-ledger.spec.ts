import { ExportEntity } from '@ledgerbridge/persistence';
import { FRESH_LEASE_MS, leaseIsFresh } from './export-ledger';

describe('leaseIsFresh', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  const ttlMs = 60_000;
  const leased = (expiresInMs: number, patch: Partial<ExportEntity> = {}) =>
    Object.assign(new ExportEntity(), {
      state: 'sending',
      leaseOwner: 'worker-a',
      leaseExpiresAt: new Date(now + expiresInMs),
      ...patch,
    });

  it('counts a lease taken within the last second as checked', () => {
    expect(leaseIsFresh(leased(ttlMs), 'worker-a', ttlMs, now)).toBe(true);
    expect(leaseIsFresh(leased(ttlMs - FRESH_LEASE_MS), 'worker-a', ttlMs, now)).toBe(true);
  });

  it('asks for a check in the database once the lease is older, or is not this owner’s', () => {
    expect(leaseIsFresh(leased(ttlMs - FRESH_LEASE_MS - 1), 'worker-a', ttlMs, now)).toBe(false);
    expect(leaseIsFresh(leased(ttlMs), 'worker-b', ttlMs, now)).toBe(false);
    expect(leaseIsFresh(leased(ttlMs, { state: 'queued' }), 'worker-a', ttlMs, now)).toBe(false);
    expect(leaseIsFresh(leased(ttlMs, { leaseExpiresAt: null }), 'worker-a', ttlMs, now)).toBe(false);
  });
});
