import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chaosPlan, chaosSeed, runChaos } from './test-support/chaos/chaos-run';
import { CHAOS_ADMIN_KEY, ChaosStack, isAlive } from './test-support/chaos/chaos-stack';
import { REPO_ROOT } from './test-support/host-process';
import { newOrganization } from './test-support/sandbox';

// The process harness of the exactly-once test: K ROLE=worker processes, SIGKILLed and restarted on a seeded
// schedule, Redis flushed once; checked here on its own, before any export pipeline exists.
const PLAN = {
  workers: 2,
  chaosForMs: 6000,
  killEveryMs: [700, 1800] as [number, number],
  downForMs: [200, 1200] as [number, number],
};

async function newCompanyWithConnection(stack: ChaosStack) {
  const company = await stack.call<{ id: string }>('POST', '/companies', {
    key: CHAOS_ADMIN_KEY,
    body: { name: 'Chaos ApS', externalId: `chaos-${Date.now()}` },
  });
  const key = await stack.call<{ key: string }>('POST', `/companies/${company.body.id}/api-keys`, {
    key: CHAOS_ADMIN_KEY,
    body: { name: 'chaos' },
  });
  const organization = await newOrganization();
  const connection = await stack.call<{ id: string }>('POST', `/companies/${company.body.id}/connections`, {
    key: key.body.key,
    body: {
      provider: 'dinero',
      organizationId: organization.id,
      method: 'api_key',
      credentials: { apiKey: organization.apiKey },
    },
  });
  expect(connection.status).toBe(201);
  return { companyId: company.body.id, key: key.body.key, connectionId: connection.body.id };
}

/** A chart sync runs only on a worker: its completion shows a worker takes jobs from this stack's Redis. */
async function syncCompletes(stack: ChaosStack, c: { companyId: string; key: string; connectionId: string }) {
  const started = await stack.call<{ jobId: string }>(
    'POST',
    `/companies/${c.companyId}/connections/${c.connectionId}/sync`,
    { key: c.key },
  );
  expect(started.status).toBe(202);
  const deadline = Date.now() + 30000;
  for (;;) {
    const job = await stack.call<{ state: string }>(
      'GET',
      `/companies/${c.companyId}/connections/${c.connectionId}/sync/${encodeURIComponent(started.body.jobId)}`,
      { key: c.key },
    );
    if (job.body.state === 'completed') return;
    if (job.body.state === 'failed' || Date.now() > deadline)
      throw new Error(`sync ended ${JSON.stringify(job.body)}\n${stack.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Chaos harness: worker processes killed, restarted, Redis flushed', () => {
  let stack: ChaosStack;
  beforeAll(async () => {
    stack = await ChaosStack.start({ workers: 2 });
  }, 120000);
  afterAll(() => stack?.stop(), 60000);

  it('decides the whole schedule from the seed, so a failing run can be replayed', () => {
    const plan = chaosPlan(1234, PLAN);
    expect(chaosPlan(1234, PLAN)).toEqual(plan);
    expect(chaosPlan(1235, PLAN)).not.toEqual(plan);
    expect(plan.steps.length).toBeGreaterThanOrEqual(3);
    for (const step of plan.steps) {
      expect(step.atMs).toBeLessThan(PLAN.chaosForMs);
      expect([0, 1]).toContain(step.worker);
      expect(step.downForMs).toBeGreaterThanOrEqual(200);
      expect(step.downForMs).toBeLessThan(1200);
    }
    expect(plan.flushAtMs).toBeGreaterThanOrEqual(2000);
    expect(plan.flushAtMs).toBeLessThanOrEqual(4000);
    expect(chaosSeed({ CHAOS_SEED: '42' })).toBe(42);
    expect(() => chaosSeed({ CHAOS_SEED: 'x' })).toThrow(/CHAOS_SEED/);
  });

  it('SIGKILLs and restarts workers on the seed, flushes Redis once, and the workers come back taking jobs', async () => {
    const connection = await newCompanyWithConnection(stack);
    await syncCompletes(stack, connection);
    const seed = chaosSeed();
    const lines: string[] = [];
    const pidsBefore = stack.pids().length;
    const result = await runChaos(stack, {
      ...PLAN,
      seed,
      until: async () => stack.isRunning(0) && stack.isRunning(1),
      deadlineMs: 90000,
      log: (line) => lines.push(line),
    });
    expect(lines[0]).toContain(`CHAOS_SEED=${seed}`);
    expect(result.satisfied).toBe(true);
    const kills = result.events.filter((e) => e.action === 'kill');
    expect(kills.length).toBeGreaterThanOrEqual(1);
    expect(result.events.filter((e) => e.action === 'restart')).toHaveLength(kills.length);
    expect(result.events.filter((e) => e.action === 'flush')).toHaveLength(1);
    // One new process per kill, and each killed one is gone.
    expect(stack.pids().length).toBe(pidsBefore + kills.length);
    expect(stack.pids().filter(isAlive)).toHaveLength(3);
    // After the flush and the restarts the workers still take jobs from the emptied Redis.
    await syncCompletes(stack, connection);
    await syncCompletes(stack, connection);
  }, 120000);

  it('leaves no process behind when the test process dies before its teardown', async () => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'test-support/chaos/orphan-probe.ts')],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, TS_NODE_PROJECT: join(REPO_ROOT, 'apps/api-e2e/tsconfig.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(output).toContain('the test failed before afterAll');
    expect(code).not.toBe(0);
    const line = output.split('\n').find((l) => l.startsWith('{"pids"'));
    if (!line) throw new Error(`the probe printed no pids:\n${output}`);
    const { pids, redisPid } = JSON.parse(line) as { pids: number[]; redisPid: number };
    expect(pids).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 500));
    expect([...pids, redisPid].filter(isAlive)).toEqual([]);
  }, 120000);

  it('stops everything it started: hosts and Redis', async () => {
    const redisPid = stack.redisPid();
    expect(redisPid).not.toBeNull();
    await stack.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect([...stack.pids(), redisPid!].filter(isAlive)).toEqual([]);
  }, 60000);
});
