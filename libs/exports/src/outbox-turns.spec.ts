import fc from 'fast-check';
import { roundRobinShares, withinCap, type WaitingCompany } from './outbox-turns';

const company = (companyId: string, within: number, oldest = 0): WaitingCompany => ({
  companyId,
  waiting: within,
  oldest,
  within,
});

describe('the relay pass’s shares of each company', () => {
  it('takes every company’s first, then every company’s second…, the oldest companies first', () => {
    const shares = roundRobinShares([company('big', 10_000, 5), company('a', 2, 9), company('b', 1, 1)], 6);
    expect(Object.fromEntries(shares)).toEqual({ b: 1, big: 3, a: 2 });
    // One row short of a full round: the company whose rows are newest waits for the next pass.
    expect(Object.fromEntries(roundRobinShares([company('x', 5, 2), company('y', 5, 1)], 3))).toEqual({ y: 2, x: 1 });
  });

  it('leaves out companies at their cap, and answers nothing when all are there', () => {
    expect(withinCap(9_500, 10_000, 500)).toBe(0); // 500 relayed ahead already fill the cap
    expect(withinCap(9_800, 10_000, 500)).toBe(300);
    expect(withinCap(40, 40, 500)).toBe(40);
    expect(withinCap(9_800, 10_000, 0)).toBe(9_800); // no cap
    expect(roundRobinShares([company('big', 0), company('none', 0)], 200).size).toBe(0);
  });

  it('takes min(limit, all within) rows, none beyond a company’s own, shares at most one apart', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ within: fc.nat(300), oldest: fc.nat(1_000) }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 400 }),
        (specs, limit) => {
          const companies = specs.map((s, i) => company(`c${i}`, s.within, s.oldest));
          const shares = roundRobinShares(companies, limit);
          const total = [...shares.values()].reduce((a, b) => a + b, 0);
          expect(total).toBe(
            Math.min(
              limit,
              companies.reduce((a, c) => a + c.within, 0),
            ),
          );
          for (const c of companies) expect(shares.get(c.companyId) ?? 0).toBeLessThanOrEqual(c.within);
          // Round-robin: a company held below its own rows got at least the largest share minus one.
          const most = Math.max(0, ...shares.values());
          for (const c of companies) {
            const share = shares.get(c.companyId) ?? 0;
            if (share < c.within) expect(share).toBeGreaterThanOrEqual(most - 1);
          }
        },
      ),
    );
  });
});
