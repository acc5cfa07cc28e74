export type { ConformanceSamples, ConformanceTarget, ConnectorClass } from './conformance-target.types';
export { describeConnectorConformance, capabilityProblemsOf, expectNoProblems } from './conformance.suite';
export { outcomeOf } from './outcome';
export type { Outcome } from './outcome';
export {
  capabilityProblems,
  credentialSchemaProblems,
  declarationProblems,
  decoratorProblems,
  methodsOf,
  targetCapabilityProblems,
} from './declaration.checks';
export {
  exportResultProblems,
  journalResultsProblems,
  lookupAnswerProblems,
  stoppedBeforeSendingProblems,
} from './result.checks';
export {
  abortedCall,
  attachmentProblems,
  expenseVoucherProblems,
  expiredCall,
  journalBatchProblems,
  lookupProblems,
  stoppedReadProblems,
} from './write.checks';
export type { WriteCheckContext } from './write.checks';
export { statusTrackingProblems } from './tracking.checks';
export {
  connectorFailureProblems,
  secretLeakProblems,
  secretValuesOf,
  verifiedProblems,
  WRONG_ORGANIZATION_CODES,
  wrongCredentialsProblems,
  wrongOrganizationProblems,
} from './failure.checks';
export { ACCOUNT_KIND_SET, accountProblems, TAX_DIRECTION_SET, taxCodeProblems } from './chart.checks';
export { authorizationUrlProblems } from './oauth.checks';
