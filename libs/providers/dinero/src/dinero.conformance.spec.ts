import { randomBytes } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { money, type ProviderConnection } from '@ledgerbridge/connector-sdk';
import { describeConnectorConformance } from '@ledgerbridge/connector-testkit';
import { DineroConnector } from './dinero.connector';
import { DineroModule } from './dinero.module';
import { SandboxProcess, sampleChartOf, type SampleChart } from './test-support/sandbox-process';

// Seeded by the sandbox and never reachable with the API key of an organization created here.
const FOREIGN_ORGANIZATION_ID = '100001';

const sandbox = new SandboxProcess();
let moduleRef: TestingModule | undefined;
let connector: DineroConnector | undefined;
let chart: SampleChart | undefined;

function chartOf(): SampleChart {
  if (chart === undefined) throw new Error('The conformance organization has no chart yet');
  return chart;
}

async function newOrganization(): Promise<ProviderConnection> {
  const connection = await sandbox.newOrganization();
  if (connector === undefined) throw new Error('The connector is built before the organization');
  chart = sampleChartOf(await connector.listAccounts(connection));
  return connection;
}

describeConnectorConformance({
  name: 'dinero against its sandbox',
  capabilities: {
    accounts: true,
    taxCodes: true,
    attachments: true,
    expenseVouchers: true,
    journalEntries: true,
    externalRefLookup: true,
    statusTracking: true,
    oauth: true,
  },
  samples: {
    expenseVoucher: (_connection, externalRef, attachmentRef) => ({
      date: '2025-11-20',
      paidFromAccount: chartOf().deposits[0].number,
      externalRef,
      ...(attachmentRef !== undefined && { attachmentRef }),
      lines: [
        {
          accountNumber: chartOf().expense.number,
          description: 'Café Norden',
          amount: money(12_550n, 'DKK'),
          taxCode: 'I25',
        },
      ],
    }),
    journalEntry: (_connection, id) => ({
      id,
      date: '2025-11-21',
      lines: [
        {
          accountNumber: chartOf().deposits[0].number,
          amount: money(50_000n, 'DKK'),
          description: 'Top-up',
          taxCode: 'none',
        },
        {
          accountNumber: chartOf().deposits[1].number,
          amount: money(-50_000n, 'DKK'),
          description: 'Top-up',
          taxCode: 'none',
        },
      ],
    }),
  },
  setup: () => sandbox.start(),
  connector: async () => {
    moduleRef = await Test.createTestingModule({
      imports: [DineroModule.register(sandbox.options())],
    }).compile();
    const built = moduleRef.get(DineroConnector);
    connector = built;
    return built;
  },
  connectorClass: DineroConnector,
  newConnection: newOrganization,
  wrongOrganization: (connection) => ({ ...connection, organizationId: FOREIGN_ORGANIZATION_ID }),
  wrongCredentials: (connection) => ({
    ...connection,
    credentials: { connectionKind: 'api_key', apiKey: `refused-${randomBytes(12).toString('hex')}` },
  }),
  teardown: async () => {
    await moduleRef?.close();
    await sandbox.stop();
  },
});
