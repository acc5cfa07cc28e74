import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditTrail } from '@ledgerbridge/audit';
import type { Account, TaxCode } from '@ledgerbridge/connector-sdk';
import {
  CategoryEntity,
  CompanyEntity,
  LedgerAccountEntity,
  TaxCodeEntity,
  dataSourceOptions,
} from '@ledgerbridge/persistence';
import { DataSource } from 'typeorm';
import { ChartStore } from '../chart/chart-store';
import { ApiError } from '../http/api-errors';
import { CategoriesService } from './categories.service';

const COMPANY = 'c0000000-0000-4000-8000-00000000000a';

// A synced chart as the Dinero plugin hands it over for a live chart: Dinero's purchase list decides expenseAllowed.
const ACCOUNTS: Account[] = [
  {
    number: '1000',
    name: 'Salg af varer/ydelser m/moms',
    kind: 'other',
    defaultTaxCode: 'U25',
    active: true,
    expenseAllowed: false,
    category: 'Omsætning',
  },
  {
    number: '2000',
    name: 'Vareforbrug',
    kind: 'expense',
    defaultTaxCode: 'I25',
    active: true,
    expenseAllowed: true,
    category: 'Variable omkostninger',
  },
  {
    number: '2900',
    name: 'Lagerregulering',
    kind: 'expense',
    defaultTaxCode: 'none',
    active: false,
    expenseAllowed: true,
  },
  {
    number: '3500',
    name: 'Messestand (videresalg)',
    kind: 'expense',
    defaultTaxCode: 'U25',
    active: true,
    expenseAllowed: true,
  },
  { number: '5200', name: 'Vægtafgift', kind: 'expense', defaultTaxCode: 'NONE', active: true, expenseAllowed: true },
  { number: '6000', name: 'Kontorartikler', kind: 'other', defaultTaxCode: 'I25', active: true, expenseAllowed: true },
  { number: '7000', name: 'Lønninger', kind: 'expense', defaultTaxCode: 'none', active: true, expenseAllowed: false },
  { number: '55000', name: 'Bank', kind: 'deposit', active: true, expenseAllowed: false },
];
const TAX_CODES: TaxCode[] = [
  { code: 'I25', name: 'Købsmoms 25%', rateBasisPoints: 2500, direction: 'purchase' },
  { code: 'U25', name: 'Salgsmoms 25%', rateBasisPoints: 2500, direction: 'sale' },
  { code: 'none', name: 'Ingen moms', rateBasisPoints: 0, direction: 'none' },
];

describe('CategoriesService against a live-style chart', () => {
  let dataDir: string;
  let ds: DataSource;
  let service: CategoriesService;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lb-categories-'));
    ds = new DataSource(dataSourceOptions({ dataDir }));
    await ds.initialize();
    await ds.runMigrations();
    await ds.getRepository(CompanyEntity).insert({ id: COMPANY, name: 'Live ApS', externalId: 'live' });
    await ds.transaction((tx) => new ChartStore().save(tx, COMPANY, ACCOUNTS, TAX_CODES));
    service = new CategoriesService(
      new AuditTrail(ds),
      ds.getRepository(CategoryEntity),
      ds.getRepository(LedgerAccountEntity),
      ds.getRepository(TaxCodeEntity),
    );
  });

  afterAll(async () => {
    await ds.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const problems = (err: unknown) => ({ fields: (err as ApiError).fields ?? [] });

  it('offers exactly the active accounts the provider accepts on expense lines, whatever their kind', async () => {
    const options = await service.options(COMPANY);
    expect(options.accounts.map((a) => a.number)).toEqual(['2000', '3500', '5200', '6000']);
    expect(options.accounts[0]).toEqual({
      number: '2000',
      name: 'Vareforbrug',
      category: 'Variable omkostninger',
      defaultTaxCode: 'I25',
    });
  });

  it('never offers a sales VAT code: not as an account default, not among the codes', async () => {
    const options = await service.options(COMPANY);
    expect(options.accounts.find((a) => a.number === '3500')?.defaultTaxCode).toBeNull();
    expect(options.accounts.find((a) => a.number === '5200')?.defaultTaxCode).toBe('none');
    expect(options.taxCodes.map((t) => [t.code, t.direction])).toEqual([
      ['I25', 'purchase'],
      ['none', 'none'],
    ]);
  });

  it.each([
    [
      'an account Dinero does not list for purchases',
      { accountNumber: '7000' },
      'accountNumber',
      'not an expense account',
    ],
    ['a sales VAT code', { accountNumber: '2000', taxCode: 'U25' }, 'taxCode', 'is a sales VAT code'],
    ['the sales default of its account', { accountNumber: '3500' }, 'taxCode', 'defaults to VAT code U25'],
  ])('refuses %s', async (_what, change, field, words) => {
    const body = { key: `bad-${field}-${change.accountNumber}`, name: 'Bad', ...change };
    const err = await service.create(COMPANY, body, 'test').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(problems(err).fields.find((f) => f.field === field)?.message).toContain(words);
  });

  it('books a category on an account whose default is a sales code once a purchase code is named, in the provider spelling', async () => {
    const created = await service.create(
      COMPANY,
      { key: 'fair', name: 'Messer', accountNumber: '3500', taxCode: 'i25' },
      'test',
    );
    expect(created).toMatchObject({ accountNumber: '3500', taxCode: 'I25', attention: null });
    const kind = await service.create(COMPANY, { key: 'office', name: 'Kontor', accountNumber: '6000' }, 'test');
    expect(kind).toMatchObject({ accountNumber: '6000', taxCode: null });
  });
});
