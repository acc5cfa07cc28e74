import { call } from './test-support/http';

interface Operation {
  requestBody?: { content: Record<string, { examples?: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, { examples?: Record<string, unknown> }> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

const BASE = '/companies/{companyId}/transactions';

describe('Swagger: the transaction and preview routes', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = (await call<Doc>('GET', '/docs-json')).body;
  });
  const op = (path: string, method: string) => doc.paths[path]?.[method] as Operation;

  it.each([
    [BASE, 'post', ['200', '400', '401', '403', '404', '413', '415']],
    [BASE, 'get', ['200', '400', '401', '403', '404']],
    [`${BASE}/{transactionId}`, 'get', ['200', '400', '401', '403', '404']],
    [`${BASE}/{transactionId}/preview`, 'get', ['200', '400', '401', '403', '404']],
  ])('%s %s documents every answer it gives', (path, method, statuses) => {
    const responses = op(path, method).responses;
    expect(Object.keys(responses).sort()).toEqual(statuses);
    for (const status of statuses) expect(responses[status]?.description.length).toBeGreaterThan(10);
  });

  it('offers a request example per kind of transaction, and example answers for the batch and the preview', () => {
    const request = op(BASE, 'post').requestBody?.content['application/json']?.examples ?? {};
    expect(Object.keys(request)).toEqual(
      expect.arrayContaining([
        'danishCardExpense',
        'splitRestaurantBill',
        'eurExpense',
        'reimbursement',
        'walletTopUp',
      ]),
    );
    expect(Object.keys(op(BASE, 'post').responses['200']?.content?.['application/json']?.examples ?? {})).toEqual([
      'mixed',
    ]);
    const preview = op(`${BASE}/{transactionId}/preview`, 'get').responses['200'];
    expect(Object.keys(preview?.content?.['application/json']?.examples ?? {})).toEqual([
      'cardExpense',
      'walletTopUp',
      'needsAttention',
    ]);
  });
});
