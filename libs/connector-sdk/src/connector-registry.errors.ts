/** Thrown at start-up when discovered connectors are inconsistent; the host must not start. */
export class ConnectorRegistrationError extends Error {
  override readonly name = 'ConnectorRegistrationError';
}

/** Thrown when the host asks for a provider key that is not mounted. */
export class UnknownConnectorError extends Error {
  override readonly name = 'UnknownConnectorError';

  constructor(
    readonly connectorKey: string,
    readonly knownKeys: readonly string[],
  ) {
    const known = knownKeys.length > 0 ? knownKeys.join(', ') : 'none';
    super(`No accounting connector is registered under the key "${connectorKey}"; registered keys: ${known}.`);
  }
}
