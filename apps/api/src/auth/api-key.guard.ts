import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { forbidden, notFound } from '../http/api-errors';
import { ADMIN_ONLY, IS_PUBLIC } from './auth.decorators';
import { API_KEY_STRATEGY } from './api-key.strategy';
import type { Principal } from './principal';

/**
 * The global guard: every route needs a key unless marked @Public(). A company key reaches only routes under
 * its own /companies/{companyId} (403 elsewhere); another company's id answers 404, so a key cannot even learn
 * which ids exist.
 */
@Injectable()
export class ApiKeyGuard extends AuthGuard(API_KEY_STRATEGY) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<Request & { user: Principal }>();
    const principal = req.user;
    if (principal.role === 'admin') return true;
    // Default deny: a company key is let through only on its own company's routes.
    const companyId = req.params['companyId'];
    if (companyId !== undefined && companyId !== principal.companyId) throw notFound('Company');
    if (companyId === undefined || this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets)) {
      throw forbidden('This route needs an admin key; company keys reach only their own company.');
    }
    return true;
  }
}
