/**
 * Thrown (or rejected) by a job handler whose job cannot run now for want of budget: the worker puts the job back
 * in Bull's delayed set until `untilMs` (epoch ms), frees its slot at once, and does not count it as an attempt.
 */
export class PutBack extends Error {
  override readonly name = 'PutBack';

  constructor(
    readonly untilMs: number,
    readonly reason: string,
  ) {
    super(`Put back until ${new Date(untilMs).toISOString()}: ${reason}`);
    // Bull keeps a failure's stack on the job; a put-back is no failure.
    this.stack = '';
  }
}

export function isPutBack(value: unknown): value is PutBack {
  return value instanceof PutBack;
}
