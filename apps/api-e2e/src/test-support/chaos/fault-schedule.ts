import { e2eEnv } from '../e2e-env';
import { sandbox } from '../sandbox';

/** One of the sandbox's fault rules (PUT /_sandbox/organizations/{id}/faults; see the sandbox README). */
export interface FaultRule {
  kind: 'latency' | 'error' | 'timeout' | 'commitThenFail' | 'brownout';
  share?: number;
  latencyMs?: number;
  status?: 500 | 503;
  mode?: 'error' | 'hang';
  pathContains?: string;
  remaining?: number;
}

export const faults = {
  /** A share of calls answered 500 (or 503) before anything is stored. */
  serverErrors: (share: number, status: 500 | 503 = 500, pathContains?: string): FaultRule => ({
    kind: 'error',
    share,
    status,
    ...(pathContains && { pathContains }),
  }),
  latency: (latencyMs: number, share = 1): FaultRule => ({ kind: 'latency', latencyMs, share }),
  /** The write is stored, then answered 500 ('error') or never answered ('hang'): the outcome is unknown. */
  commitThenFail: (mode: 'error' | 'hang', share: number, pathContains?: string): FaultRule => ({
    kind: 'commitThenFail',
    mode,
    share,
    ...(pathContains && { pathContains }),
  }),
  /** No answer at all, before anything is stored. */
  timeouts: (share: number, pathContains?: string): FaultRule => ({
    kind: 'timeout',
    share,
    ...(pathContains && { pathContains }),
  }),
  brownout: (share: number): FaultRule => ({ kind: 'brownout', share }),
};

export async function setFaults(organizationId: string, rules: FaultRule[]): Promise<void> {
  await sandbox('PUT', `/organizations/${organizationId}/faults`, { rules });
}

export async function clearFaults(organizationId: string): Promise<void> {
  await sandbox('DELETE', `/organizations/${organizationId}/faults`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function hostClientToken(apiKey: string): Promise<string> {
  const res = await fetch(`${e2eEnv().sandboxUrl}/dineroapi/oauth/token`, {
    method: 'POST',
    headers: {
      // The host's own client id: Dinero counts calls per organization and client, so this is its quota.
      Authorization: `Basic ${Buffer.from(`${e2eEnv().dineroEnv['DINERO_CLIENT_ID']}:${e2eEnv().dineroEnv['DINERO_CLIENT_SECRET']}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'password', scope: 'read write', username: apiKey, password: apiKey }),
  });
  if (!res.ok) throw new Error(`token answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface Storm {
  /** Ends the storm; the host's calls succeed again once the current rate window has passed. */
  stop(): Promise<void>;
  /** Calls this storm spent to keep the quota empty. */
  readonly spent: number;
}

/**
 * A 429 storm made the way Dinero makes one: something else spends the organization's quota for the host's
 * client id, window after window, so every call the host makes answers 429 until the storm stops.
 */
export async function startRateLimitStorm(organization: { id: string; apiKey: string }): Promise<Storm> {
  const token = await hostClientToken(organization.apiKey);
  let running = true;
  let spent = 0;
  const spend = async () => {
    while (running) {
      const res = await fetch(`${e2eEnv().sandboxUrl}/v1/${organization.id}/vatTypes`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
      if (res.status === 429) await sleep(50);
      else spent += 1;
    }
  };
  // Several spenders at once, so a fresh window is emptied before the host's next calls get through.
  const loop = Promise.all(Array.from({ length: 8 }, spend));
  // Back only once the quota is empty, so the storm is on when the caller goes on.
  while (running) {
    const probe = await fetch(`${e2eEnv().sandboxUrl}/v1/${organization.id}/vatTypes`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    await probe.arrayBuffer();
    if (probe.status === 429) break;
    spent += 1;
  }
  return {
    get spent() {
      return spent;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** One moment of a schedule: the fault rules to put in force (empty clears them), and a 429 storm on or off. */
export interface FaultPhase {
  atMs: number;
  rules?: FaultRule[];
  storm?: boolean;
}

export interface RunningSchedule {
  /** Resolves when the last phase has been applied. */
  readonly done: Promise<void>;
  /** Applied phases with the time they took effect, for the test's log. */
  readonly applied: Array<{ atMs: number; phase: FaultPhase }>;
  /** Stops at once: no further phase, no storm, no fault rule left in force. */
  stop(): Promise<void>;
}

/** Switches an organization's faults on and off at the given moments, beside a chaos run. */
export function runFaultSchedule(
  organization: { id: string; apiKey: string },
  phases: readonly FaultPhase[],
): RunningSchedule {
  const started = Date.now();
  const applied: Array<{ atMs: number; phase: FaultPhase }> = [];
  let stopped = false;
  let storm: Storm | undefined;
  const done = (async () => {
    for (const phase of [...phases].sort((a, b) => a.atMs - b.atMs)) {
      while (!stopped && Date.now() - started < phase.atMs)
        await sleep(Math.min(50, phase.atMs - (Date.now() - started)));
      if (stopped) return;
      if (phase.rules) await setFaults(organization.id, phase.rules);
      if (phase.storm === true && !storm) storm = await startRateLimitStorm(organization);
      if (phase.storm === false && storm) {
        await storm.stop();
        storm = undefined;
      }
      applied.push({ atMs: Date.now() - started, phase });
    }
  })();
  return {
    done,
    applied,
    async stop() {
      stopped = true;
      await done;
      await storm?.stop();
      storm = undefined;
      await clearFaults(organization.id);
    },
  };
}
