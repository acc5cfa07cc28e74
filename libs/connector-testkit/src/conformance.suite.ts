import type { Capability, Connector, ConnectorErrorCode, ProviderConnection } from '@ledgerbridge/connector-sdk';
import { accountProblems, taxCodeProblems } from './chart.checks';
import type { ConformanceTarget } from './conformance-target.types';
import { declarationProblems, methodsOf, targetCapabilityProblems } from './declaration.checks';
import {
  connectorFailureProblems,
  secretLeakProblems,
  secretValuesOf,
  verifiedProblems,
  wrongCredentialsProblems,
  wrongOrganizationProblems,
} from './failure.checks';
import { authorizationUrlProblems } from './oauth.checks';
import { outcomeOf, type Outcome } from './outcome';
import { describeWriteConformance } from './write.suite';

const DEFAULT_TIMEOUT_MS = 30_000;

/** Fails with every problem at once, so one run shows all a provider must fix. */
export function expectNoProblems(problems: readonly string[]): void {
  expect(problems).toEqual([]);
}

/** When the flag is false the method must be absent; when true, `run` checks what it returns. */
export async function capabilityProblemsOf(
  connector: Connector,
  capability: Capability,
  run: () => Promise<string[]>,
): Promise<string[]> {
  if (connector.capabilities[capability] === true) return run();
  return methodsOf(capability)
    .filter((method) => connector[method] !== undefined)
    .map((method) => `capabilities.${capability} is false but ${method} is present`);
}

/**
 * Declares the conformance suite for one provider with jest's globals (`describe`, `it`, `beforeAll`, `afterAll`,
 * `expect`), so call it at the top level of a `*.spec.ts` file run by jest.
 */
export function describeConnectorConformance(target: ConformanceTarget): void {
  const timeout = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  describe(`${target.name}: connector conformance`, () => {
    let connector: Connector;
    let working: ProviderConnection;
    let wrongOrganization: ProviderConnection;
    let wrongCredentials: ProviderConnection;

    beforeAll(async () => {
      await target.setup?.();
      connector = await target.connector();
      working = await target.newConnection();
      wrongOrganization = await target.wrongOrganization(working);
      wrongCredentials = await target.wrongCredentials(working);
    }, timeout);

    afterAll(async () => {
      await target.teardown?.();
    }, timeout);

    // Every failure a provider produces is checked for its family, its code and leaked secrets together.
    async function failureProblems(
      call: () => Promise<unknown>,
      check: (outcome: Outcome<unknown>) => string[],
    ): Promise<string[]> {
      const outcome = await outcomeOf(call);
      const secrets = secretValuesOf(connector.credentialSchema, [working, wrongOrganization, wrongCredentials]);
      return [...check(outcome), ...(outcome.ok ? [] : secretLeakProblems(outcome.error, secrets))];
    }

    const authenticationFailure = (what: string) => (outcome: Outcome<unknown>) =>
      connectorFailureProblems(outcome, ['authentication'] satisfies ConnectorErrorCode[], what);

    describe('declaration', () => {
      it('has a plain key, honest capability flags, a credential schema with a secret and a decorator with a rate limit', () => {
        expectNoProblems(declarationProblems(connector, target.connectorClass));
      });

      it('declares the capabilities the target states, and usable limits for them', () => {
        expectNoProblems(targetCapabilityProblems(connector, target.capabilities));
      });
    });

    describe('verify', () => {
      it(
        'verifies a working connection and returns its organizationId',
        async () => {
          expectNoProblems(verifiedProblems(await outcomeOf(() => connector.verify(working)), working));
        },
        timeout,
      );

      it(
        'refuses an organization the credentials do not reach with not_found/validation/forbidden naming it, leaking no secret',
        async () => {
          const problems = await failureProblems(
            () => connector.verify(wrongOrganization),
            (outcome) => wrongOrganizationProblems(outcome, wrongOrganization),
          );
          expectNoProblems(problems);
        },
        timeout,
      );

      it(
        'refuses wrong credentials with a ConnectorError coded authentication, leaking no secret',
        async () => {
          const problems = await failureProblems(
            () => connector.verify(wrongCredentials),
            (outcome) => wrongCredentialsProblems(outcome),
          );
          expectNoProblems(problems);
        },
        timeout,
      );
    });

    describe('accounts (listAccounts when declared, absent otherwise)', () => {
      it(
        'lists a non-empty chart: unique numbers, known kinds, boolean active, a deposit and an expense account',
        async () => {
          const problems = await capabilityProblemsOf(connector, 'accounts', async () =>
            accountProblems(await connector.listAccounts?.(working)),
          );
          expectNoProblems(problems);
        },
        timeout,
      );

      it(
        'fails with wrong credentials as a ConnectorError coded authentication, leaking no secret',
        async () => {
          const problems = await capabilityProblemsOf(connector, 'accounts', () =>
            failureProblems(
              async () => connector.listAccounts?.(wrongCredentials),
              authenticationFailure('listAccounts with wrong credentials'),
            ),
          );
          expectNoProblems(problems);
        },
        timeout,
      );
    });

    describe('taxCodes (listTaxCodes when declared, absent otherwise)', () => {
      it(
        'lists unique codes with integer basis-point rates 0..10000 and a known direction',
        async () => {
          const problems = await capabilityProblemsOf(connector, 'taxCodes', async () =>
            taxCodeProblems(await connector.listTaxCodes?.(working)),
          );
          expectNoProblems(problems);
        },
        timeout,
      );

      it(
        'fails with wrong credentials as a ConnectorError coded authentication, leaking no secret',
        async () => {
          const problems = await capabilityProblemsOf(connector, 'taxCodes', () =>
            failureProblems(
              async () => connector.listTaxCodes?.(wrongCredentials),
              authenticationFailure('listTaxCodes with wrong credentials'),
            ),
          );
          expectNoProblems(problems);
        },
        timeout,
      );
    });

    describeWriteConformance(target, () => ({ connector, connection: working, samples: target.samples }), timeout);

    describe('oauth (authorizationUrl when declared, absent otherwise)', () => {
      it('builds an absolute http(s) login URL carrying the state and the redirect URI', async () => {
        const request = {
          state: 'conformance-state-7f3a',
          redirectUri: 'https://ledgerbridge.test/oauth/callback?x=1',
        };
        const problems = await capabilityProblemsOf(connector, 'oauth', async () => {
          const outcome = await outcomeOf(() => connector.authorizationUrl?.(request));
          return outcome.ok
            ? authorizationUrlProblems(outcome.value, request)
            : [`authorizationUrl threw: ${String(outcome.error)}`];
        });
        expectNoProblems(problems);
      });
    });
  });
}
