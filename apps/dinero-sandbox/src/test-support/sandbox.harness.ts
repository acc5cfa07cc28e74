import type { INestApplication } from '@nestjs/common';
import request, { Response } from 'supertest';
import type { SandboxOptions } from '../config/sandbox.config';
import { createSandboxApp } from '../sandbox-app.factory';
import type { SandboxState } from '../state/sandbox.state';
import { expectDineroAnswer, responseSchemaExists } from './dinero-contract';

export const PRO_ORG = 100001;
export const FREE_ORG = 100002;
export const PRO_KEY = 'sandbox-api-key-pro';
export const FREE_KEY = 'sandbox-api-key-free';
export const CLIENT_ID = 'sandbox-client';
export const CLIENT_SECRET = 'sandbox-secret';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface DineroCall {
  params?: Record<string, string | number>;
  /** An object, or the query string as sent (for repeated parameters: `fields=a&fields=b`). */
  query?: Record<string, string | number> | string;
  body?: unknown;
  token?: string;
  /** The schema whose required list the `fields` parameter cuts (see dinero-contract.ts). */
  projection?: { schema: string; fields: string[] };
}

// Time the tests move by hand, so expiry and booking delays need no sleeping.
export class FakeClock {
  constructor(public time = Date.parse('2026-03-02T09:00:00Z')) {}
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export class SandboxHarness {
  private constructor(
    readonly app: INestApplication,
    readonly state: SandboxState,
    readonly clock: FakeClock,
  ) {}

  static async start(overrides: Partial<SandboxOptions> = {}): Promise<SandboxHarness> {
    const clock = new FakeClock();
    const { app, state } = await createSandboxApp({ now: clock.now, ledgerBookingDelayMs: 2000, ...overrides });
    return new SandboxHarness(app, state, clock);
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  async token(apiKey = PRO_KEY, scope = 'read write'): Promise<string> {
    const response = await this.http
      .post('/dineroapi/oauth/token')
      .auth(CLIENT_ID, CLIENT_SECRET)
      .type('form')
      .send({ grant_type: 'password', username: apiKey, password: apiKey, scope });
    if (response.status !== 200)
      throw new Error(`Token request failed: ${response.status} ${JSON.stringify(response.body)}`);
    return (response.body as { access_token: string }).access_token;
  }

  /** Calls a Dinero operation by the document's path template; every 200 JSON answer is checked against the document. */
  async dinero(method: Method, template: string, call: DineroCall = {}): Promise<Response> {
    const params: Record<string, string | number> = { organizationId: PRO_ORG, ...call.params };
    const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(String(params[name])));
    let pending = this.http[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](path);
    if (call.token) pending = pending.set('Authorization', `Bearer ${call.token}`);
    if (call.query) pending = pending.query(call.query);
    const response = call.body === undefined ? await pending : await pending.send(call.body as object);
    if (response.status === 200 && responseSchemaExists(method, template)) {
      expectDineroAnswer(method, template, response.body, { projection: call.projection });
    }
    return response;
  }
}

/** Dinero's error body with the expected status and code. */
export function expectDineroError(response: Response, status: number, code: number, field?: string): void {
  expect({ status: response.status, code: (response.body as { code?: number }).code }).toEqual({ status, code });
  expect(Object.keys(response.body as object).sort()).toEqual([
    'code',
    'errorMessageList',
    'languageSpecificMessages',
    'message',
    'validationErrors',
  ]);
  if (field)
    expect(
      Object.keys((response.body as { validationErrors: Record<string, string> }).validationErrors ?? {}),
    ).toContain(field);
}
