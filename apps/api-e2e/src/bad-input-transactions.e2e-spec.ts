import { call, newCompanyWithKey } from './test-support/http';

interface ErrorBody {
  statusCode: number;
  error: string;
  fields?: Array<{ field: string; message: string }>;
}
interface Batch {
  results: Array<{ status: string; fields?: Array<{ field: string }> }>;
}

const item = (over: Record<string, unknown> = {}) => ({
  platformId: `fz-${process.pid}-${Date.now()}-${Math.random()}`,
  kind: 'wallet_top_up',
  bookedOn: '2026-11-01',
  amount: 100,
  currency: 'DKK',
  ...over,
});
const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });
const fieldsOf = (body: { fields?: Array<{ field: string }> } | undefined) => [
  ...new Set((body?.fields ?? []).map((f) => f.field)),
];

describe('bad input: transactions', () => {
  let c: { id: string; key: string };
  beforeAll(async () => {
    c = await newCompanyWithKey('Fuzz ApS');
  });
  const post = (rawBody: string) =>
    call<ErrorBody & Batch>('POST', `/companies/${c.id}/transactions`, { key: c.key, rawBody });

  it.each([
    ['an unknown envelope field', { items: [item()], extra: 1 }, 'extra'],
    ['items of the wrong type', { items: 'all of them' }, 'items'],
    ['no items', { items: [] }, 'items'],
    ['501 items', { items: Array.from({ length: 501 }, () => item()) }, 'items'],
    ['items missing', {}, 'items'],
    ['a body that is an array', [item()], 'items'],
    ['items nested as objects', { items: { 0: item() } }, 'items'],
  ])('POST answers 400 naming the field for %s', async (_what, body, field) => {
    const res = await post(JSON.stringify(body));
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    expect(fieldsOf(res.body)).toContain(field);
  });

  it.each([
    ['an unknown field', { surprise: true }, 'items[0].surprise'],
    ['a text amount', { amount: '100' }, 'items[0].amount'],
    ['an amount past 2^53', { amount: 2 ** 60 }, 'items[0].amount'],
    ['an amount of 1e400 (Infinity)', {}, 'items[0].amount'],
    ['a numeric platformId', { platformId: 42 }, 'items[0].platformId'],
    ['an object as kind', { kind: { $ne: 'x' } }, 'items[0].kind'],
    ['a nested object as description', { description: nested(25) }, 'items[0].description'],
    ['a date out of the calendar', { bookedOn: '2026-13-45' }, 'items[0].bookedOn'],
    [
      'lines nested in arrays',
      {
        kind: 'card_expense',
        merchant: 'DSB',
        description: 'Tog',
        employeeId: 'e-1',
        employeeName: 'Mette',
        categoryKey: 'travel',
        lines: [[[]]],
      },
      'items[0].lines[0]',
    ],
  ])('POST answers the item invalid naming the field for %s, never 5xx', async (what, over, field) => {
    let raw = JSON.stringify({ items: [item(over)] });
    if (what.includes('1e400')) raw = raw.replace('"amount":100', '"amount":1e400');
    const res = await post(raw);
    expect(res.status).toBe(200);
    expect(res.body.results[0]?.status).toBe('invalid');
    expect(fieldsOf(res.body.results[0])).toContain(field);
  });

  it('POST drops a "__proto__" key without polluting anything or failing', async () => {
    const raw = JSON.stringify({ items: [item()] }).replace(
      '"platformId"',
      '"__proto__":{"isAdmin":true},"platformId"',
    );
    const res = await post(raw);
    expect(res.status).toBe(200);
    expect(res.body.results[0]?.status).toBe('created');
    expect(JSON.stringify(res.body)).not.toContain('isAdmin');
  });

  it('POST answers 413 to a body over 1 MiB and 400 to one nested past 32 levels', async () => {
    const huge = await post(JSON.stringify({ items: [item({ description: 'x'.repeat(1_100_000) })] }));
    expect(huge.status).toBe(413);
    const deep = await post(JSON.stringify({ items: [item({ description: nested(40) })] }));
    expect(deep.status).toBe(400);
    expect(deep.body.error).toBe('BAD_REQUEST');
  });

  it.each([
    ['cursor', 'not-a-cursor'],
    ['cursor', Buffer.from('2026-11-01|x').toString('base64url')],
    ['cursor', Buffer.from("2026-11-01|' OR 1=1 --").toString('base64url')],
    ['cursor', Buffer.from('9999-99-99|00000000-0000-4000-8000-000000000000').toString('base64url')],
    ['from', '2026-13-45'],
    ['from', '2026-02-30'],
    ['from', 'yesterday'],
    ['to', '2026-11-31'],
    ['to', '20261130'],
    ['limit', '0'],
    ['limit', 'abc'],
    ['limit', '1e9'],
    ['kind', 'gift'],
    ['state', 'lost'],
    ['categoryKey', 'x'.repeat(65)],
  ])('GET answers 400 naming %s when it is %s', async (field, value) => {
    const res = await call<ErrorBody>('GET', `/companies/${c.id}/transactions?${field}=${encodeURIComponent(value)}`, {
      key: c.key,
    });
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    expect(fieldsOf(res.body)).toEqual([field]);
  });

  it('GET answers 400 to a repeated filter and to an unknown query parameter, naming it', async () => {
    for (const [query, field] of [
      ['kind=card_expense&kind=reimbursement', 'kind'],
      ['from=2026-11-01&from=2026-11-02', 'from'],
      ['sort=amount', 'sort'],
    ]) {
      const res = await call<ErrorBody>('GET', `/companies/${c.id}/transactions?${query}`, { key: c.key });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(fieldsOf(res.body)).toContain(field);
    }
  });

  it('answers 400 naming the id for a transaction id that is not a UUID, on read and preview', async () => {
    for (const suffix of ['', '/preview']) {
      const res = await call<ErrorBody>('GET', `/companies/${c.id}/transactions/not-a-uuid${suffix}`, {
        key: c.key,
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['transactionId']);
    }
  });
});
