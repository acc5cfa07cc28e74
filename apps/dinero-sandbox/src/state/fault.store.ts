export type FaultKind = 'latency' | 'error' | 'timeout' | 'commitThenFail' | 'brownout';

export interface FaultRule {
  kind: FaultKind;
  /** Share of matching requests hit, 0–1. */
  share: number;
  /** latency: added milliseconds. */
  latencyMs?: number;
  /** error: 500 or 503. */
  status?: 500 | 503;
  /** commitThenFail: answer 500 after storing, or never answer. */
  mode?: 'error' | 'hang';
  /** Only requests whose path contains this text. */
  pathContains?: string;
  /** Stop after this many hits; unset means forever. */
  remaining?: number;
}

export class FaultStore {
  private readonly rules = new Map<number, FaultRule[]>();

  clear(): void {
    this.rules.clear();
  }

  set(organizationId: number, rules: FaultRule[]): void {
    this.rules.set(
      organizationId,
      rules.map((rule) => ({ ...rule })),
    );
  }

  get(organizationId: number): FaultRule[] {
    return this.rules.get(organizationId) ?? [];
  }

  // Picks the rules of one kind that fire for this request and spends their remaining count.
  fire(
    organizationId: number,
    kind: FaultKind,
    path: string,
    method: string,
    random: () => number,
  ): FaultRule | undefined {
    for (const rule of this.get(organizationId)) {
      if (rule.kind !== kind) continue;
      if (rule.pathContains && !path.includes(rule.pathContains)) continue;
      // A commit needs a write, so reads never "commit then fail".
      if (kind === 'commitThenFail' && method === 'GET') continue;
      if (rule.remaining !== undefined && rule.remaining <= 0) continue;
      if (random() >= rule.share) continue;
      if (rule.remaining !== undefined) rule.remaining -= 1;
      return rule;
    }
    return undefined;
  }
}
