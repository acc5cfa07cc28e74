import type { ChaosStack } from './chaos-stack';

/** mulberry32: a tiny seeded generator, so a failing run's kill schedule can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CHAOS_SEED when given (to replay a run), otherwise a fresh one. */
export function chaosSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['CHAOS_SEED'];
  if (raw !== undefined && raw !== '') {
    const seed = Number(raw);
    if (!Number.isInteger(seed) || seed < 0)
      throw new Error(`CHAOS_SEED must be a non-negative integer, got "${raw}".`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

export interface ChaosPlanOptions {
  workers: number;
  /** How long workers are killed and restarted; after it every worker runs until the condition holds. */
  chaosForMs: number;
  /** Pause between two kills, drawn in [min, max). */
  killEveryMs: [number, number];
  /** How long a killed worker stays down, drawn in [min, max). */
  downForMs: [number, number];
  /** When Redis is flushed, drawn within this share of chaosForMs (default: the middle third). */
  flushWithin?: [number, number];
}

export interface ChaosStep {
  /** Milliseconds after the run's start. */
  atMs: number;
  worker: number;
  downForMs: number;
}

export interface ChaosPlan {
  seed: number;
  steps: ChaosStep[];
  flushAtMs: number;
}

const between = (random: () => number, [min, max]: [number, number]) => min + Math.floor(random() * (max - min));

/** Which worker dies when, for how long, and when Redis is flushed: all decided by the seed alone. */
export function chaosPlan(seed: number, options: ChaosPlanOptions): ChaosPlan {
  const random = seededRandom(seed);
  const steps: ChaosStep[] = [];
  for (let at = between(random, options.killEveryMs); at < options.chaosForMs;) {
    steps.push({
      atMs: at,
      worker: Math.floor(random() * options.workers),
      downForMs: between(random, options.downForMs),
    });
    at += between(random, options.killEveryMs);
  }
  const [from, to] = options.flushWithin ?? [1 / 3, 2 / 3];
  const flushAtMs = Math.floor(options.chaosForMs * (from + random() * (to - from)));
  return { seed, steps, flushAtMs };
}

export interface ChaosEvent {
  atMs: number;
  action: 'kill' | 'restart' | 'flush';
  worker?: number;
}

export interface ChaosRunOptions extends ChaosPlanOptions {
  seed: number;
  /** Polled (every pollMs) once the chaos phase is over; the run ends when it answers true. */
  until: () => Promise<boolean>;
  /** The whole run, chaos and calm, ends by this long after its start, satisfied or not. */
  deadlineMs: number;
  pollMs?: number;
  log?: (line: string) => void;
}

export interface ChaosResult {
  seed: number;
  satisfied: boolean;
  elapsedMs: number;
  events: ChaosEvent[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Runs the seed's plan against the stack: SIGKILLs a worker at each step and restarts it after its down time
 * (a worker already down is left down), flushes Redis once, then waits with every worker up until `until` holds.
 */
export async function runChaos(stack: ChaosStack, options: ChaosRunOptions): Promise<ChaosResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const plan = chaosPlan(options.seed, options);
  log(
    `chaos: seed ${plan.seed} (replay with CHAOS_SEED=${plan.seed}); ${plan.steps.length} kills, flush at ${plan.flushAtMs} ms`,
  );
  const started = Date.now();
  const now = () => Date.now() - started;
  const events: ChaosEvent[] = [];
  const restarts: Array<Promise<void>> = [];
  const down = new Set<number>();
  let flushed = false;
  const flushIfDue = async () => {
    if (flushed || now() < plan.flushAtMs) return;
    flushed = true;
    await stack.flushRedis();
    events.push({ atMs: now(), action: 'flush' });
  };
  for (const step of plan.steps) {
    while (now() < step.atMs) {
      await flushIfDue();
      await sleep(Math.min(step.atMs - now(), 50));
    }
    await flushIfDue();
    if (down.has(step.worker) || now() > options.deadlineMs) continue;
    await stack.kill(step.worker);
    down.add(step.worker);
    events.push({ atMs: now(), action: 'kill', worker: step.worker });
    restarts.push(
      sleep(step.downForMs).then(async () => {
        await stack.restart(step.worker);
        down.delete(step.worker);
        events.push({ atMs: now(), action: 'restart', worker: step.worker });
      }),
    );
  }
  while (!flushed) {
    await sleep(plan.flushAtMs - now());
    await flushIfDue();
  }
  await Promise.all(restarts);
  for (;;) {
    if (await options.until()) return { seed: plan.seed, satisfied: true, elapsedMs: now(), events };
    if (now() >= options.deadlineMs) return { seed: plan.seed, satisfied: false, elapsedMs: now(), events };
    await sleep(Math.min(options.pollMs ?? 500, options.deadlineMs - now()));
  }
}
