import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { ApiKeyService } from './api-key.service';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { secretFromHeaders } from './api-key-secrets';
import type { Principal } from './principal';

export const API_KEY_STRATEGY = 'api-key';

/** Passport strategy: one API key per request, in either header; the same answer for a missing or a wrong key. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, API_KEY_STRATEGY) {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly failures: AuthFailureThrottle,
  ) {
    super();
  }

  async validate(req: Request): Promise<Principal> {
    const secret = secretFromHeaders(req.headers);
    if (!secret)
      throw new UnauthorizedException(
        'An API key is required: send "Authorization: Bearer <key>" or "X-Api-Key: <key>".',
      );
    const principal = await this.keys.authenticate(secret);
    if (!principal) {
      // Only a key that was sent and refused counts; a good key never waits on the throttle.
      await this.failures.recordFailure(req.ip);
      throw new UnauthorizedException('The API key is not valid or has been revoked.');
    }
    return principal;
  }
}
