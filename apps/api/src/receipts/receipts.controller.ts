import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Put,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { actorOf, type Principal } from '../auth/principal';
import { CompaniesService } from '../companies/companies.service';
import { ErrorResponseDto } from '../http/error-response.dto';
import { uuidParam } from '../http/uuid-param.pipe';
import { ApiErrors } from '../swagger/api-errors.decorator';
import { ReceiptDto } from './receipt.dto';
import { RECEIPT_FIELD, ReceiptUploadInterceptor, UPLOAD_LIMIT_BYTES } from './receipt-upload.interceptor';
import { ReceiptsService, type UploadedReceipt } from './receipts.service';

const error = (status: number, description: string, code: string, message: string) =>
  ApiResponse({
    status,
    description,
    type: ErrorResponseDto,
    example: { statusCode: status, error: code, message, fields: [{ field: 'file', message }], requestId: '<id>' },
  });

@ApiTags('transactions')
@Controller('companies/:companyId/transactions/:transactionId/receipt')
export class ReceiptsController {
  constructor(
    private readonly companies: CompaniesService,
    private readonly receipts: ReceiptsService,
  ) {}

  @Put()
  @HttpCode(200)
  @UseInterceptors(ReceiptUploadInterceptor)
  @ApiOperation({
    summary: "Attach or replace the transaction's receipt (multipart/form-data, one file part named `file`)",
    description:
      "The type is sniffed from the bytes (never the name or Content-Type). PDF, JPEG and PNG are kept as they are; other images (WebP, TIFF, GIF, AVIF) become JPEG. An image over the provider's size limit (Dinero: 6,000,000 bytes) is recompressed, then downscaled, until it fits; a PDF over it is refused with 413. Stored once per content (SHA-256). Sending the same file again changes nothing. Only while the transaction is not exported.",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [RECEIPT_FIELD],
      properties: {
        [RECEIPT_FIELD]: {
          type: 'string',
          format: 'binary',
          description: `The receipt: PDF, JPEG, PNG or another image; at most ${UPLOAD_LIMIT_BYTES} bytes uploaded.`,
          example: '<bytes of kvittering-dsb.webp>',
        },
      },
    },
  })
  @ApiOkResponse({ type: ReceiptDto, description: 'The receipt as stored.' })
  @ApiErrors(400, 404, 409)
  @error(
    413,
    'A PDF over the provider’s limit (PDFs cannot be shrunk), an image that cannot be shrunk under it, or an upload over 25 MiB.',
    'PAYLOAD_TOO_LARGE',
    'file is a PDF of 7340032 bytes; the limit is 6000000 bytes (6 MB) and a PDF cannot be shrunk: send a smaller PDF or an image of the receipt.',
  )
  @error(
    415,
    'The bytes are not a PDF or an image (whatever the name says), e.g. a zip named .pdf, or text.',
    'UNSUPPORTED_MEDIA_TYPE',
    'file is of type application/zip (read from its bytes, not its name); send a application/pdf, image/jpeg, image/png or an image such as WebP or TIFF.',
  )
  @error(
    422,
    'The bytes start like an image but do not decode (truncated or corrupt).',
    'UNPROCESSABLE_FILE',
    'file looks like image/png but its image cannot be decoded.',
  )
  async attach(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('transactionId', uuidParam('transactionId')) transactionId: string,
    @UploadedFile() file: UploadedReceipt | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReceiptDto> {
    const company = await this.companies.get(companyId);
    return this.receipts.attach(company, transactionId, file, actorOf(principal));
  }

  @Get()
  @ApiOperation({
    summary: "The transaction's receipt: type, size, SHA-256, name, and whether it was converted or shrunk",
  })
  @ApiOkResponse({ type: ReceiptDto })
  @ApiErrors(400, 404)
  async get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('transactionId', uuidParam('transactionId')) transactionId: string,
  ): Promise<ReceiptDto> {
    await this.companies.get(companyId);
    return this.receipts.get(companyId, transactionId);
  }

  @Get('content')
  @ApiOperation({ summary: "The receipt's stored bytes (as they will be uploaded to the provider)" })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({
    description: 'The bytes, with their Content-Type and a Content-Disposition naming the file.',
    schema: { type: 'string', format: 'binary', example: '<bytes>' },
  })
  @ApiErrors(400, 404)
  async content(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('transactionId', uuidParam('transactionId')) transactionId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    await this.companies.get(companyId);
    const { receipt, bytes } = await this.receipts.content(companyId, transactionId);
    res.set('Cache-Control', 'private, no-store');
    return new StreamableFile(bytes, {
      type: receipt.contentType,
      length: bytes.length,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(receipt.fileName)}`,
    });
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: "Remove the transaction's receipt, while the transaction is not exported" })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiErrors(400, 404, 409)
  async remove(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('transactionId', uuidParam('transactionId')) transactionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.companies.get(companyId);
    await this.receipts.remove(companyId, transactionId, actorOf(principal));
  }
}
