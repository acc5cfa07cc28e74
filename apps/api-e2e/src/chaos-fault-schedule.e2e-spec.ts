import { readHoldings } from './test-support/chaos/books';
import { DineroWriter } from './test-support/chaos/dinero-writer';
import {
  clearFaults,
  faults,
  runFaultSchedule,
  setFaults,
  startRateLimitStorm,
} from './test-support/chaos/fault-schedule';
import { e2eEnv } from './test-support/e2e-env';
import { newOrganization, sandbox, sandboxToken } from './test-support/sandbox';

// The fault switches of the exactly-once test, checked against the sandbox with Dinero calls of its own.
const png = Buffer.from('89504e470d0a1a0a', 'hex');
const voucher = (ref: string) => ({
  VoucherDate: '2026-11-20',
  DepositAccountNumber: 55010,
  ExternalReference: ref,
  Lines: [{ AccountNumber: 6000, Amount: 125, VatCode: 'I25', Description: ref }],
});

async function connected() {
  const organization = await newOrganization();
  return { organization, writer: await DineroWriter.connect(organization) };
}

describe('Chaos harness: fault schedule', () => {
  it('switches 5xx answers on and off', async () => {
    const { organization, writer } = await connected();
    await setFaults(organization.id, [faults.serverErrors(1, 503)]);
    await expect(writer.upload(png)).rejects.toThrow(/answered 503/);
    await clearFaults(organization.id);
    await expect(writer.upload(png)).resolves.toMatch(/^[0-9a-f-]{36}$/);
  });

  it('commits then fails: a 500 or no answer at all, and the voucher is in the books either way', async () => {
    const { organization, writer } = await connected();
    await setFaults(organization.id, [faults.commitThenFail('error', 1, 'vouchers/purchase')]);
    await expect(writer.createCashVoucher(voucher('after-500'))).rejects.toThrow(/answered 500/);
    await setFaults(organization.id, [faults.commitThenFail('hang', 1, 'vouchers/purchase')]);
    const token = await sandboxToken(organization.apiKey);
    const hung = fetch(`${e2eEnv().sandboxUrl}/v1.2/${organization.id}/vouchers/purchase`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ PurchaseType: 'cash', ...voucher('after-hang') }),
      signal: AbortSignal.timeout(1500),
    });
    await expect(hung).rejects.toThrow(/aborted|timeout/i);
    const refs = (await readHoldings(organization.id)).drafts.map((d) => d.ExternalReference).sort();
    expect(refs).toEqual(['after-500', 'after-hang']);
  });

  it('adds latency to every call', async () => {
    const { organization, writer } = await connected();
    await setFaults(organization.id, [faults.latency(400)]);
    const started = Date.now();
    await writer.upload(png);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it("storms with 429 on the host's client id until stopped, then the next window answers again", async () => {
    const { organization, writer } = await connected();
    const storm = await startRateLimitStorm(organization);
    await expect(writer.upload(png)).rejects.toThrow(/answered 429/);
    await new Promise((r) => setTimeout(r, 3500));
    // A new window has begun meanwhile; the storm spent it too.
    await expect(writer.upload(png)).rejects.toThrow(/answered 429/);
    await storm.stop();
    expect(storm.spent).toBeGreaterThanOrEqual(100);
    const deadline = Date.now() + 5000;
    let answered: string | undefined;
    while (!answered && Date.now() < deadline) {
      answered = await writer.upload(png).catch(() => undefined);
      if (!answered) await new Promise((r) => setTimeout(r, 200));
    }
    expect(answered).toBeDefined();
  }, 30000);

  it('applies phases at their moments and, stopped, leaves no fault in force', async () => {
    const { organization, writer } = await connected();
    const schedule = runFaultSchedule(organization, [
      { atMs: 0, rules: [faults.serverErrors(1)] },
      { atMs: 600, rules: [] },
      { atMs: 900, storm: true },
      { atMs: 1200, rules: [faults.latency(50)] },
    ]);
    await new Promise((r) => setTimeout(r, 300));
    await expect(writer.upload(png)).rejects.toThrow(/answered 500/);
    await schedule.done;
    expect(schedule.applied.map((a) => a.phase.atMs)).toEqual([0, 600, 900, 1200]);
    for (const { atMs, phase } of schedule.applied) expect(atMs).toBeGreaterThanOrEqual(phase.atMs);
    await expect(writer.upload(png)).rejects.toThrow(/answered 429/);
    expect((await sandbox<{ rules: unknown[] }>('GET', `/organizations/${organization.id}/faults`)).rules).toHaveLength(
      1,
    );
    await schedule.stop();
    expect((await sandbox<{ rules: unknown[] }>('GET', `/organizations/${organization.id}/faults`)).rules).toEqual([]);
  }, 30000);
});
