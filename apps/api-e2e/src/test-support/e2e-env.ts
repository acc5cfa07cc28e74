/** What global-setup hands to the suites, through the environment that jest's workers inherit. */
export interface E2eEnv {
  baseUrl: string;
  adminKey: string;
  redisUrl: string;
  databaseUrl?: string;
  dataDir: string;
  /** The local Dinero the hosts talk to; its control surface is under /_sandbox. */
  sandboxUrl: string;
  /** Host environment for the Dinero plugin (for suites that start their own host). */
  dineroEnv: Record<string, string>;
}

export const E2E_ENV_VARIABLE = 'LEDGERBRIDGE_E2E';

export function e2eEnv(): E2eEnv {
  const raw = process.env[E2E_ENV_VARIABLE];
  if (!raw) throw new Error('The e2e environment is missing: run the suites through jest with global-setup.ts.');
  return JSON.parse(raw) as E2eEnv;
}
