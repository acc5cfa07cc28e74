import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CAPABILITIES, CAPABILITY_METHODS, COMPANION_METHODS } from './connector-capabilities';
import { connectorLimitsProblems } from './connector-limits';
import { ConnectorRegistrationError, UnknownConnectorError } from './connector-registry.errors';
import { accountingConnectorOptionsOf, AccountingConnectorOptions, RateLimit } from './connector.decorator';
import type { Connector } from './connector.types';
import { credentialSchemaProblem } from './credential-schema';

interface RegisteredConnector {
  readonly connector: Connector;
  readonly options: AccountingConnectorOptions;
  readonly className: string;
}

/**
 * Every mounted accounting connector by key, found at start-up among Nest providers that carry
 * `@AccountingConnector`. The host reaches providers only through this, never by naming one.
 */
@Injectable()
export class ConnectorRegistry implements OnModuleInit {
  private readonly byKey = new Map<string, RegisteredConnector>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    this.byKey.clear();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      const type: unknown = isObject(instance) ? instance.constructor : wrapper.metatype;
      const options = accountingConnectorOptionsOf(type);
      if (options === undefined) continue;
      const className = typeof type === 'function' ? type.name : String(wrapper.name);
      if (!wrapper.isDependencyTreeStatic() || !isObject(instance)) {
        // A request-scoped connector has no instance at start-up, so it could not be checked here.
        throw new ConnectorRegistrationError(
          `Connector ${className} ("${options.key}") must be a singleton provider, not request- or transient-scoped.`,
        );
      }
      this.register(instance, options, className);
    }
  }

  get(key: string): Connector {
    const entry = this.byKey.get(key);
    if (entry === undefined) throw new UnknownConnectorError(key, this.keys());
    return entry.connector;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Registered keys in alphabetical order. */
  keys(): string[] {
    return [...this.byKey.keys()].sort();
  }

  rateLimitOf(key: string): RateLimit {
    const entry = this.byKey.get(key);
    if (entry === undefined) throw new UnknownConnectorError(key, this.keys());
    return entry.options.rateLimit;
  }

  private register(instance: object, options: AccountingConnectorOptions, className: string): void {
    const existing = this.byKey.get(options.key);
    if (existing?.connector === instance) return; // the same singleton reached through an alias
    if (existing !== undefined) {
      throw new ConnectorRegistrationError(
        `Two accounting connectors use the key "${options.key}": ${existing.className} and ${className}. ` +
          `Each provider key must be unique; check ACCOUNTING_PROVIDERS and the provider modules.`,
      );
    }
    const connector = checkedConnector(instance, options, className);
    this.byKey.set(options.key, { connector, options, className });
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Fails fast on a connector that breaks the contract, naming the class and what is wrong. */
function checkedConnector(instance: object, options: AccountingConnectorOptions, className: string): Connector {
  const candidate = instance as Partial<Record<keyof Connector, unknown>>;
  const fail = (problem: string): never => {
    throw new ConnectorRegistrationError(`Connector ${className} ("${options.key}") ${problem}.`);
  };
  if (candidate.key !== options.key) {
    fail(`has key "${String(candidate.key)}" but is decorated with "${options.key}"; they must match`);
  }
  if (typeof candidate.verify !== 'function') fail('has no verify method');
  if (!Array.isArray(candidate.credentialSchema)) fail('has no credentialSchema array');
  const schemaProblem = credentialSchemaProblem(candidate.credentialSchema as Connector['credentialSchema']);
  if (schemaProblem !== undefined) fail(`has an invalid credentialSchema: ${schemaProblem}`);
  if (!isObject(candidate.capabilities)) fail('has no capabilities object');
  const capabilities = candidate.capabilities as Record<string, unknown>;
  for (const capability of CAPABILITIES) {
    const flag = capabilities[capability];
    const method = CAPABILITY_METHODS[capability];
    const implemented = typeof candidate[method] === 'function';
    if (typeof flag !== 'boolean') fail(`must declare capabilities.${capability} as true or false`);
    if (flag && !implemented) fail(`declares capabilities.${capability} but does not implement ${method}`);
    // A method behind a false flag would never be called; the flag was most likely forgotten.
    if (!flag && implemented) fail(`implements ${method} but declares capabilities.${capability} false`);
    for (const companion of COMPANION_METHODS[capability] ?? []) {
      if (flag && typeof candidate[companion] !== 'function')
        fail(`declares capabilities.${capability} but does not implement ${companion}`);
    }
  }
  // The host splits batches and refuses files by these limits, so a missing one would only fail at the provider.
  const limitsProblems = connectorLimitsProblems(instance as Connector);
  if (limitsProblems.length > 0) fail(limitsProblems.join('; '));
  return instance as Connector;
}
