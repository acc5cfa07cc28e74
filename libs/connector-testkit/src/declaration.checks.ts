import {
  accountingConnectorOptionsOf,
  CAPABILITIES,
  CAPABILITY_METHODS,
  COMPANION_METHODS,
  connectorLimitsProblems,
  credentialSchemaProblem,
  isConnectorKey,
  type Capability,
  type Connector,
  type ConnectorCapabilities,
} from '@ledgerbridge/connector-sdk';
import type { ConnectorClass } from './conformance-target.types';

/** The methods a capability flag promises: its main one plus companions (oauth's `authorizationUrl`). */
export function methodsOf(capability: Capability): ReadonlyArray<keyof Connector> {
  return [CAPABILITY_METHODS[capability], ...(COMPANION_METHODS[capability] ?? [])];
}

/** A flag must be a boolean that is true exactly when its methods exist: declared false, never stubbed. */
export function capabilityProblems(connector: Connector): string[] {
  const problems: string[] = [];
  // Copied into a plain record so a misdeclared (non-boolean or extra) flag can be inspected.
  const flags: Readonly<Record<string, unknown>> = { ...connector.capabilities };
  for (const extra of Object.keys(flags).filter((name) => !(CAPABILITIES as string[]).includes(name))) {
    problems.push(`capabilities.${extra} is not a capability the contract knows`);
  }
  for (const capability of CAPABILITIES) {
    const flag = flags[capability];
    if (typeof flag !== 'boolean') {
      problems.push(`capabilities.${capability} must be a boolean, got ${typeof flag}`);
      continue;
    }
    for (const method of methodsOf(capability)) {
      const present = typeof connector[method] === 'function';
      if (flag && !present) problems.push(`capabilities.${capability} is true but ${method} is not a method`);
      if (!flag && connector[method] !== undefined) {
        problems.push(`capabilities.${capability} is false but ${method} is present (declare false, never stub)`);
      }
    }
  }
  return problems;
}

/** The credential schema must be usable by the host's forms and encryption, with at least one secret. */
export function credentialSchemaProblems(connector: Connector): string[] {
  const schema = connector.credentialSchema;
  if (!Array.isArray(schema)) return ['credentialSchema is not an array of fields'];
  const problems: string[] = [];
  const problem = credentialSchemaProblem(schema);
  if (problem !== undefined) problems.push(`credentialSchema is invalid: ${problem}`);
  if (!schema.some((field) => field.secret === true)) {
    problems.push('credentialSchema has no secret field, so nothing would be encrypted or redacted');
  }
  return problems;
}

/** The registry discovers connectors by the decorator, and the queue paces them by its rate limit. */
export function decoratorProblems(connector: Connector, connectorClass?: ConnectorClass): string[] {
  const options = accountingConnectorOptionsOf(connectorClass ?? connector.constructor);
  if (options === undefined) return ['the connector class carries no @AccountingConnector metadata'];
  const problems: string[] = [];
  if (options.key !== connector.key) {
    problems.push(`the decorator's key "${options.key}" differs from the instance's key "${connector.key}"`);
  }
  const { requests, perMs } = options.rateLimit;
  if (!(Number.isSafeInteger(requests) && requests > 0))
    problems.push(`rateLimit.requests must be positive, got ${requests}`);
  if (!(Number.isSafeInteger(perMs) && perMs > 0)) problems.push(`rateLimit.perMs must be positive, got ${perMs}`);
  return problems;
}

/** The suite names its tests from the target's stated capabilities, so they must be the connector's own. */
export function targetCapabilityProblems(connector: Connector, stated: ConnectorCapabilities): string[] {
  return CAPABILITIES.filter((capability) => connector.capabilities[capability] !== stated[capability]).map(
    (capability) =>
      `the target states capabilities.${capability} ${String(stated[capability])}, the connector declares ${String(connector.capabilities[capability])}`,
  );
}

/** Everything the host's registry relies on before the first call. */
export function declarationProblems(connector: Connector, connectorClass?: ConnectorClass): string[] {
  const problems: string[] = [];
  if (typeof connector.key !== 'string' || !isConnectorKey(connector.key)) {
    problems.push(`key "${String(connector.key)}" must match /^[a-z][a-z0-9-]{0,31}$/`);
  }
  if (typeof connector.verify !== 'function') problems.push('verify is not a method');
  return [
    ...problems,
    ...capabilityProblems(connector),
    ...credentialSchemaProblems(connector),
    ...connectorLimitsProblems(connector),
    ...decoratorProblems(connector, connectorClass),
  ];
}
