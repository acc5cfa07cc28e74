import type { Attachment, AttachmentLimits } from './attachment.types';
import { ConnectorError } from './connector-error';
import type { RateLimitScope } from './connector.types';

// `satisfies` makes the compiler fail here when the contract adds a scope.
const SCOPES = { organization: true, connection: true, client: true } as const satisfies Record<RateLimitScope, true>;
export const RATE_LIMIT_SCOPES = Object.keys(SCOPES) as RateLimitScope[];

const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** The parts of a connector its limits are checked against; the registry and the conformance kit both use it. */
export interface LimitedConnector {
  readonly capabilities: { readonly attachments: boolean; readonly journalEntries: boolean };
  readonly limits?: unknown;
}

/** Why a connector's declared limits are unusable, or `[]`: each limit a declared capability needs is present and sane. */
export function connectorLimitsProblems(connector: LimitedConnector): string[] {
  const limits = connector.limits;
  if (typeof limits !== 'object' || limits === null) return ['declares no limits object'];
  const declared = limits as Record<string, unknown>;
  const problems: string[] = [];
  if (!(RATE_LIMIT_SCOPES as unknown[]).includes(declared['rateLimitScope'])) {
    problems.push(`limits.rateLimitScope must be one of ${RATE_LIMIT_SCOPES.join(', ')}`);
  }
  const attachments = declared['attachments'] as Partial<AttachmentLimits> | undefined;
  if (attachments === undefined) {
    if (connector.capabilities.attachments)
      problems.push('declares capabilities.attachments but no limits.attachments');
  } else {
    if (!isPositiveInteger(attachments.maxBytes))
      problems.push('limits.attachments.maxBytes must be a positive integer');
    const types = attachments.contentTypes;
    if (!Array.isArray(types) || types.length === 0) {
      problems.push('limits.attachments.contentTypes must list at least one MIME type');
    } else {
      for (const type of types) {
        if (typeof type !== 'string' || !MIME_TYPE.test(type)) {
          problems.push(`limits.attachments.contentTypes has "${String(type)}", not a lower-case MIME type`);
        }
      }
    }
  }
  const batch = declared['journalEntriesPerBatch'];
  if (batch === undefined) {
    if (connector.capabilities.journalEntries) {
      problems.push('declares capabilities.journalEntries but no limits.journalEntriesPerBatch');
    }
  } else if (!isPositiveInteger(batch)) {
    problems.push('limits.journalEntriesPerBatch must be a positive integer');
  }
  return problems;
}

/** The refusal for a receipt outside the provider's limits, or `undefined` when it may be uploaded. */
export function attachmentLimitError(limits: AttachmentLimits, attachment: Attachment): ConnectorError | undefined {
  const type = (attachment.contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (!limits.contentTypes.includes(type)) {
    return new ConnectorError(
      'validation',
      `The file "${attachment.fileName}" is ${type || 'of no type'}; accepted are ${limits.contentTypes.join(', ')}.`,
      { field: 'contentType', outcomeUnknown: false },
    );
  }
  if (attachment.bytes.byteLength > limits.maxBytes) {
    return new ConnectorError(
      'too_large',
      `The file "${attachment.fileName}" has ${attachment.bytes.byteLength} bytes; the limit is ${limits.maxBytes}.`,
      { outcomeUnknown: false },
    );
  }
  return undefined;
}
