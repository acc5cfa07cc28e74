// Tests replace the clock so token expiry, rate windows and booking delays need no sleeping.
export abstract class SandboxClock {
  abstract now(): number;
}

export class FunctionClock extends SandboxClock {
  constructor(private readonly read: () => number) {
    super();
  }
  now(): number {
    return this.read();
  }
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
