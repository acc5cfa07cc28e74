import { HttpStatus, Injectable } from '@nestjs/common';
import { ExportRequestError, ExportRequests, type Resolution, type Selection } from '@ledgerbridge/exports';
import { ApiError, conflict, notFound } from '../http/api-errors';
import { ExportBatchDto, ExportDto } from './export.dto';

/** The export pipeline's requests, with its refusals turned into the API's answers. */
@Injectable()
export class ExportsService {
  constructor(private readonly requests: ExportRequests) {}

  async request(companyId: string, selection: Selection, actor: string): Promise<ExportBatchDto> {
    return answer(() => this.requests.request(companyId, selection, actor), selection);
  }

  async batch(companyId: string, batchId: string): Promise<ExportBatchDto> {
    const batch = await this.requests.batch(companyId, batchId);
    if (!batch) throw notFound('Export batch');
    return batch;
  }

  async reExport(companyId: string, transactionId: string, actor: string): Promise<ExportDto> {
    return ExportDto.of(await answer(() => this.requests.reExport(companyId, transactionId, actor)));
  }

  async resolve(companyId: string, transactionId: string, resolution: Resolution, actor: string): Promise<ExportDto> {
    return ExportDto.of(await answer(() => this.requests.resolve(companyId, transactionId, resolution, actor)));
  }
}

async function answer<T>(work: () => Promise<T>, selection?: Selection): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ExportRequestError)) throw err;
    switch (err.reason) {
      case 'unknown_transactions': {
        const ids = selection && 'transactionIds' in selection ? selection.transactionIds : [];
        const fields = err.ids.map((id) => ({
          field: `transactionIds[${ids.indexOf(id)}]`,
          message: `transaction ${id} does not exist in this company`,
        }));
        throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The request is not valid.', fields);
      }
      case 'transaction_not_found':
        throw notFound('Transaction');
      case 'no_provider':
      case 'not_exported':
      case 'wrong_state':
        throw conflict(err.message);
    }
  }
}
