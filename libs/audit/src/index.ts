export { AuditModule } from './audit.module';
export { AuditTrail, SYSTEM_CHAIN, type AuditEvent, type AuditQuery } from './audit-trail';
export { AuditVerifier, type ChainVerdict } from './audit-verifier';
export { canonicalJson, parseCanonicalJson } from './canonical-json';
export { redactSecrets, REDACTED } from './audit-redaction';
