import { undiciFetch } from './client/undici-fetch';
/** What the client reads of an answer: a fetch Response has it, and so has the production transport's answer. */
export interface FetchAnswer {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * The `fetch` signature the client needs; tests inject a fake (or Node's global fetch), production uses undici's
 * `request` behind this shape (`undiciFetch`).
 */
export type FetchFunction = (input: string, init: RequestInit) => Promise<FetchAnswer>;

/** What the host passes to `DineroModule.register`, read from its typed config (never `process.env` here). */
export interface DineroOptions {
  /** Dinero API base, e.g. `https://api.dinero.dk` or the sandbox. */
  readonly apiUrl?: string;
  /** Personal-integration (API key) token endpoint. */
  readonly tokenUrl?: string;
  /** Visma Connect base for the OAuth2 authorize and token endpoints. */
  readonly vismaConnectUrl?: string;
  /** The partner integration's client id. */
  readonly clientId: string;
  /** The partner integration's client secret. */
  readonly clientSecret: string;
  /** Per-request timeout. */
  readonly timeoutMs?: number;
  /** Injected in tests so nothing goes to the network and time stands still. */
  readonly fetch?: FetchFunction;
  readonly now?: () => number;
}

/** Options with every default applied; what the client and token store work with. */
export interface ResolvedDineroOptions {
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly vismaConnectUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly timeoutMs: number;
  readonly fetch: FetchFunction;
  readonly now: () => number;
}

/** The Nest injection token for `DineroOptions`. */
export const DINERO_OPTIONS = Symbol('DINERO_OPTIONS');

export const DINERO_DEFAULTS = Object.freeze({
  apiUrl: 'https://api.dinero.dk',
  tokenUrl: 'https://authz.dinero.dk/dineroapi/oauth/token',
  vismaConnectUrl: 'https://connect.visma.com',
  timeoutMs: 30_000,
});

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new TypeError(`Dinero option ${name} must be a non-negative integer.`);
  return value;
}

/** Applies defaults and fails at start-up on a missing client id or secret instead of at the first export. */
export function resolveDineroOptions(options: DineroOptions): ResolvedDineroOptions {
  if (!options.clientId?.trim()) throw new TypeError('Dinero option clientId is required (the integration client id).');
  if (!options.clientSecret?.trim())
    throw new TypeError('Dinero option clientSecret is required (the integration secret).');
  return {
    apiUrl: withoutTrailingSlash(options.apiUrl ?? DINERO_DEFAULTS.apiUrl),
    tokenUrl: options.tokenUrl ?? DINERO_DEFAULTS.tokenUrl,
    vismaConnectUrl: withoutTrailingSlash(options.vismaConnectUrl ?? DINERO_DEFAULTS.vismaConnectUrl),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    timeoutMs: nonNegativeInteger('timeoutMs', options.timeoutMs ?? DINERO_DEFAULTS.timeoutMs),
    fetch: options.fetch ?? undiciFetch,
    now: options.now ?? (() => Date.now()),
  };
}
