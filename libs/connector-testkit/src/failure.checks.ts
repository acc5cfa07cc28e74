import {
  ConnectorError,
  isConnectorError,
  type ConnectionCheck,
  type ConnectorErrorCode,
  type CredentialSchema,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import type { Outcome } from './outcome';

/** Codes that honestly describe credentials aimed at an organization they do not reach. */
export const WRONG_ORGANIZATION_CODES: readonly ConnectorErrorCode[] = ['not_found', 'validation', 'forbidden'];

/** A working connection verifies and names the organization it was asked about. */
export function verifiedProblems(outcome: Outcome<ConnectionCheck>, connection: ProviderConnection): string[] {
  if (!outcome.ok) return [`verify failed for a working connection: ${describeError(outcome.error)}`];
  const check = outcome.value;
  if (typeof check !== 'object' || check === null) return ['verify returned no ConnectionCheck'];
  if (check.organizationId !== connection.organizationId) {
    return [`verify returned organizationId "${check.organizationId}", expected "${connection.organizationId}"`];
  }
  return [];
}

/** The failure must be the SDK's error family with one of the expected codes; raw HTTP errors never leave. */
export function connectorFailureProblems(
  outcome: Outcome<unknown>,
  codes: readonly ConnectorErrorCode[],
  what: string,
): string[] {
  if (outcome.ok) return [`${what} succeeded, but it must fail with ${codes.join(' or ')}`];
  const { error } = outcome;
  if (!(error instanceof ConnectorError) && !isConnectorError(error)) {
    return [`${what} failed with a raw ${describeError(error)}, not a ConnectorError`];
  }
  if (!codes.includes(error.code)) {
    return [`${what} failed with code "${error.code}", expected ${codes.join(' or ')} (${error.message})`];
  }
  return [];
}

/** The person fixing the setup needs to see which organization was refused. */
export function wrongOrganizationProblems(outcome: Outcome<unknown>, connection: ProviderConnection): string[] {
  const what = `verify with organization ${connection.organizationId} the credentials do not reach`;
  const problems = connectorFailureProblems(outcome, WRONG_ORGANIZATION_CODES, what);
  if (problems.length > 0 || outcome.ok) return problems;
  const message = messageOf(outcome.error);
  return message.includes(connection.organizationId)
    ? []
    : [`the message does not name organization ${connection.organizationId}: "${message}"`];
}

export function wrongCredentialsProblems(outcome: Outcome<unknown>, what = 'verify with wrong credentials'): string[] {
  return connectorFailureProblems(outcome, ['authentication'], what);
}

/** Every value of a secret schema field, from each connection involved; short values would match by chance. */
export function secretValuesOf(schema: CredentialSchema, connections: readonly ProviderConnection[]): string[] {
  const secretKeys = schema.filter((field) => field.secret).map((field) => field.key);
  const values = connections.flatMap((connection) => secretKeys.map((key) => connection.credentials[key]));
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value.length >= 4))];
}

/** Errors go into logs, audit entries and API answers, so neither message nor JSON may carry a secret. */
export function secretLeakProblems(error: unknown, secrets: readonly string[]): string[] {
  const texts: Array<[string, string]> = [
    ['message', messageOf(error)],
    ['JSON', jsonOf(error)],
    ['string form', String(error)],
  ];
  const problems: string[] = [];
  for (const [where, text] of texts) {
    for (const [index, secret] of secrets.entries()) {
      if (text.includes(secret)) problems.push(`the error's ${where} contains secret credential value #${index + 1}`);
    }
  }
  return problems;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

function jsonOf(error: unknown): string {
  try {
    return JSON.stringify(error) ?? '';
  } catch {
    // A circular raw error (sockets, requests) is itself a finding, reported by the error-family check.
    return '';
  }
}

function describeError(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  return `${name}: ${messageOf(error)}`;
}
