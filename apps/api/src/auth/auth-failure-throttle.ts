import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { rateLimited } from '../http/api-errors';

const WINDOW_MS = 60_000;
const BLOCK_MS = 60_000;

/**
 * Counts wrong API keys per client address and, past the limit, answers 429 instead of 401 for a minute, so keys
 * cannot be guessed at speed. Only failures are counted and a good key is never checked here: an address under a
 * block (a shared proxy, say) still gets in with a valid key.
 */
@Injectable()
export class AuthFailureThrottle {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  /** Records one failed attempt; throws the 429 when the address is over its limit. */
  async recordFailure(clientAddress: string | undefined): Promise<void> {
    const record = await this.storage.increment(
      clientAddress ?? 'unknown',
      WINDOW_MS,
      this.config.authFailuresPerMinute,
      BLOCK_MS,
      'auth-failures',
    );
    if (record.isBlocked) {
      throw rateLimited(
        'Too many requests with a wrong API key from this address; wait before trying again.',
        Math.max(record.timeToBlockExpire, 1),
      );
    }
  }
}
