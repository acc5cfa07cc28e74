interface Window {
  startedAt: number;
  count: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Milliseconds until the current window ends. */
  resetInMs: number;
}

// Fixed windows per organization and client id, as Dinero counts them (API.md "Rate limits").
export class RateLimitStore {
  private readonly windows = new Map<string, Window>();

  clear(): void {
    this.windows.clear();
  }

  hit(key: string, now: number, limit: number, windowMs: number): RateDecision {
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    const resetInMs = window.startedAt + windowMs - now;
    if (window.count >= limit) return { allowed: false, resetInMs };
    window.count += 1;
    return { allowed: true, resetInMs };
  }
}
