import { Global, Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail';
import { AuditVerifier } from './audit-verifier';

/** Needs the host's TypeORM connection; global so every feature can record. */
@Global()
@Module({ providers: [AuditTrail, AuditVerifier], exports: [AuditTrail, AuditVerifier] })
export class AuditModule {}
