import type { ApiKeyRole } from '@ledgerbridge/persistence';

/** Who is calling: resolved from the API key on every request. */
export interface Principal {
  keyId: string;
  role: ApiKeyRole;
  /** Set for company keys: the only company this key reaches. */
  companyId: string | null;
}

/** How the audit trail names a caller. */
export function actorOf(principal: Principal): string {
  return `key:${principal.keyId}`;
}
