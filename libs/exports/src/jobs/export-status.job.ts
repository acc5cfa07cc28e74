import { Injectable } from '@nestjs/common';
import type { JobHandler, JobMap } from '@ledgerbridge/queue';
import { StatusFollower, type FollowResult } from '../status-follower';

/** The worker's handler for `export.status`: reads one company's exported documents at the provider. */
@Injectable()
export class ExportStatusJob implements JobHandler<'export.status'> {
  readonly jobName = 'export.status' as const;

  constructor(private readonly follower: StatusFollower) {}

  handle(payload: JobMap['export.status']): Promise<FollowResult> {
    return this.follower.follow(payload.companyId);
  }
}
