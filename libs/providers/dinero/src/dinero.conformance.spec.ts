import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { money, type Account, type ProviderConnection } from '@ledgerbridge/connector-sdk';
import { describeConnectorConformance } from '@ledgerbridge/connector-testkit';
import { DineroConnector } from './dinero.connector';
import { DineroModule } from './dinero.module';

// The sandbox runs as its own process, as under `npm start`: lint forbids importing its code into a provider.
const REPO_ROOT = join(__dirname, '../../../..');
// Seeded by the sandbox and never reachable with the API key of an organization created here.
const FOREIGN_ORGANIZATION_ID = '100001';

let sandbox: ChildProcess | undefined;
let sandboxOutput = '';
let moduleRef: TestingModule | undefined;
let baseUrl = '';
let connector: DineroConnector | undefined;
// The sample documents use accounts read from the new organization's own chart, not numbers assumed here.
let chart: { expense: Account; deposits: [Account, Account] } | undefined;

function chartOf(): NonNullable<typeof chart> {
  if (chart === undefined) throw new Error('The conformance organization has no chart yet');
  return chart;
}

async function readChart(connection: ProviderConnection): Promise<void> {
  const accounts = await connector!.listAccounts(connection);
  const expense = accounts.find((a) => a.kind === 'expense' && a.active && a.expenseAllowed === true);
  const deposits = accounts.filter((a) => a.kind === 'deposit' && a.active);
  if (expense === undefined || deposits.length < 2)
    throw new Error('The sandbox chart lacks expense or deposit accounts');
  chart = { expense, deposits: [deposits[0]!, deposits[1]!] };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForSandbox(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (sandbox?.exitCode !== null) throw new Error(`The Dinero sandbox exited early:\n${sandboxOutput}`);
    const ready = await fetch(`${baseUrl}/_sandbox/state`).then(
      (answer) => answer.status === 200,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The Dinero sandbox did not answer GET /_sandbox/state in time:\n${sandboxOutput}`);
}

async function startSandbox(): Promise<void> {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  sandbox = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/dinero-sandbox/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SWC_NODE_PROJECT: 'tsconfig.base.json',
      SANDBOX_PORT: String(port),
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_LOG: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  sandbox.stdout?.on('data', (chunk: Buffer) => (sandboxOutput += chunk.toString()));
  sandbox.stderr?.on('data', (chunk: Buffer) => (sandboxOutput += chunk.toString()));
  await waitForSandbox(Date.now() + 20_000);
}

async function stopSandbox(): Promise<void> {
  const child = sandbox;
  sandbox = undefined;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const stubborn = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(stubborn);
}

/** A fresh paid organization with an API key we know, so the kit can look for that key in error messages. */
async function newOrganization(): Promise<ProviderConnection> {
  const apiKey = `conformance-${randomBytes(12).toString('hex')}`;
  const answer = await fetch(`${baseUrl}/_sandbox/organizations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Konformitet ApS', paid: true, apiKey }),
  });
  if (answer.status !== 201)
    throw new Error(`The sandbox refused a new organization: ${answer.status} ${await answer.text()}`);
  const organization = (await answer.json()) as { id: number };
  const connection: ProviderConnection = {
    companyId: `conformance-company-${organization.id}`,
    organizationId: String(organization.id),
    credentials: { connectionKind: 'api_key', apiKey },
  };
  await readChart(connection);
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
  setup: startSandbox,
  connector: async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        DineroModule.register({
          apiUrl: baseUrl,
          tokenUrl: `${baseUrl}/dineroapi/oauth/token`,
          vismaConnectUrl: baseUrl,
          clientId: 'sandbox-client',
          clientSecret: 'sandbox-secret',
          timeoutMs: 5_000,
        }),
      ],
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
    await stopSandbox();
  },
});
