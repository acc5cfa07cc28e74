import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditTrail } from '@ledgerbridge/audit';
import type { Account } from '@ledgerbridge/connector-sdk';
import {
  AuditEntryEntity,
  CompanyEntity,
  CompanySetupEntity,
  ConnectionEntity,
  LedgerAccountEntity,
  dataSourceOptions,
} from '@ledgerbridge/persistence';
import { DataSource } from 'typeorm';
import type { ChartReader } from '../chart/chart-reader';
import { ChartStore } from '../chart/chart-store';
import { ApiError } from '../http/api-errors';
import { SetupService } from './setup.service';

const COMPANY = 'c0000000-0000-4000-8000-00000000000b';
const ACCOUNTS: Account[] = [
  { number: '2000', name: 'Vareforbrug', kind: 'expense', active: true, expenseAllowed: true },
  { number: '55000', name: 'Bank', kind: 'deposit', active: true, expenseAllowed: false },
  { number: '55010', name: 'Kortkonto', kind: 'deposit', active: true, expenseAllowed: false },
  { number: '55020', name: 'Udlæg', kind: 'deposit', active: true, expenseAllowed: false },
  { number: '55030', name: 'Gammel bank', kind: 'deposit', active: false, expenseAllowed: false },
];

describe('SetupService: the funding account', () => {
  let dataDir: string;
  let ds: DataSource;
  let service: SetupService;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lb-setup-'));
    ds = new DataSource(dataSourceOptions({ dataDir }));
    await ds.initialize();
    await ds.runMigrations();
    await ds.getRepository(CompanyEntity).insert({ id: COMPANY, name: 'Setup ApS', externalId: 'setup' });
    await ds.transaction((tx) => new ChartStore().save(tx, COMPANY, ACCOUNTS, []));
    const connection = { companyId: COMPANY, status: 'connected' } as ConnectionEntity;
    // The live chart as the provider answers it now; the store above is the synced copy a save checks against.
    const chart = { connected: async () => connection, liveAccounts: async () => ACCOUNTS } as unknown as ChartReader;
    await ds.getRepository(ConnectionEntity).insert({
      id: 'd0000000-0000-4000-8000-00000000000b',
      companyId: COMPANY,
      providerKey: 'dinero',
      organizationId: '100001',
      authMethod: 'api_key',
      status: 'connected',
    });
    service = new SetupService(
      chart,
      new AuditTrail(ds),
      ds.getRepository(CompanySetupEntity),
      ds.getRepository(LedgerAccountEntity),
      ds.getRepository(ConnectionEntity),
    );
  });

  afterAll(async () => {
    await ds.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const refusal = async (body: object) => {
    const err = await service
      .save(COMPANY, { depositAccount: '55010', ...body }, 'test')
      .catch((e: unknown) => e as ApiError);
    expect(err).toBeInstanceOf(ApiError);
    return (err as ApiError).fields?.find((f) => f.field === 'fundingAccount')?.message;
  };

  it('offers the active deposit accounts as funding accounts', async () => {
    const options = await service.options(COMPANY);
    expect(options.fundingAccounts.map((a) => a.number)).toEqual(['55000', '55010', '55020']);
  });

  it.each([
    ['an expense account', '2000', 'not a deposit'],
    ['an inactive account', '55030', 'inactive'],
    ['an account the chart does not have', '55999', 'does not exist'],
    ['the deposit account itself', '55010', 'must differ from depositAccount'],
  ])('refuses %s as funding account, naming the field', async (_what, fundingAccount, words) => {
    expect(await refusal({ fundingAccount })).toContain(words);
  });

  it('is optional, and saved, read back and audited when chosen', async () => {
    expect(await service.save(COMPANY, { depositAccount: '55010' }, 'test')).toMatchObject({
      fundingAccount: null,
      readyToExport: true,
    });
    const saved = await service.save(COMPANY, { depositAccount: '55010', fundingAccount: '55000' }, 'test');
    expect(saved).toMatchObject({ depositAccount: '55010', fundingAccount: '55000', readyToExport: true });
    expect(await service.read(COMPANY)).toMatchObject({ fundingAccount: '55000' });
    const last = await ds
      .getRepository(AuditEntryEntity)
      .find({ where: { companyId: COMPANY }, order: { seq: 'DESC' } });
    expect(JSON.parse(last[0]?.before ?? '{}')).toMatchObject({ fundingAccount: null });
    expect(JSON.parse(last[0]?.after ?? '{}')).toMatchObject({ fundingAccount: '55000' });
  });
});
