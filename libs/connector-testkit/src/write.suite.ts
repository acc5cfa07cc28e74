import type { Capability } from '@ledgerbridge/connector-sdk';
import type { ConformanceTarget } from './conformance-target.types';
import { methodsOf } from './declaration.checks';
import {
  attachmentProblems,
  expenseVoucherProblems,
  journalBatchProblems,
  lookupProblems,
  stoppedReadProblems,
  type WriteCheckContext,
} from './write.checks';
import { statusTrackingProblems } from './tracking.checks';

/**
 * Declares one test per write capability: its checks when the target states the flag on, otherwise a test named
 * "… skipped: capability X is off" that only checks the method is absent, so a report shows what was not run.
 */
export function describeWriteConformance(
  target: ConformanceTarget,
  context: () => WriteCheckContext,
  timeout: number,
): void {
  const checked = (capability: Capability, title: string, run: (c: WriteCheckContext) => Promise<string[]>): void => {
    const method = methodsOf(capability)[0];
    if (target.capabilities[capability]) {
      it(title, async () => expect(await run(context())).toEqual([]), timeout);
      return;
    }
    it(`${method} skipped: capability ${capability} is off`, () => {
      expect(context().connector[method as keyof WriteCheckContext['connector']]).toBeUndefined();
    });
  };

  describe('call options (signal and deadline)', () => {
    it(
      'stops verify and every declared read at an aborted signal or a passed deadline, as aborted with a known outcome',
      async () => {
        expect(await stoppedReadProblems(context())).toEqual([]);
      },
      timeout,
    );
  });

  describe('attachments (uploadAttachment)', () => {
    checked(
      'attachments',
      'uploads a receipt within the declared limits, refuses one byte more as too_large and an undeclared type as validation',
      attachmentProblems,
    );
  });

  describe('expenseVouchers (createExpenseVoucher)', () => {
    checked(
      'expenseVouchers',
      'creates the sample voucher, finds it by its reference when lookups exist, and writes nothing when aborted',
      expenseVoucherProblems,
    );
  });

  describe('externalRefLookup (findByExternalRef)', () => {
    checked(
      'externalRefLookup',
      'answers a reference never used with absent, or unknown with a reason, never null or found',
      lookupProblems,
    );
  });

  describe('statusTracking (changesSince)', () => {
    checked(
      'statusTracking',
      'reports each newly written document from a cursor taken before, with a known status, in well-formed pages',
      statusTrackingProblems,
    );
  });

  describe('journalEntries (postJournalEntries)', () => {
    checked(
      'journalEntries',
      'posts good entries beside a refused one with one result each in order, a re-sent id as duplicate, refuses a batch over its limit',
      journalBatchProblems,
    );
  });
}
