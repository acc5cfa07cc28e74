import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { DineroApi, OrganizationId } from '../auth/dinero-api.decorator';
import { SANDBOX_OPTIONS, RunningOptions } from '../config/sandbox.tokens';
import { DineroError, DineroErrors } from '../core/dinero.errors';
import { QueryValue, many, single } from '../core/query.params';
import { SandboxState } from '../state/sandbox.state';

export const MAX_FILE_BYTES = 6 * 1024 * 1024;
const CONTENT_TYPES: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/** The part of multer's file object the sandbox reads (the project has no @types/multer). */
interface UploadedPart {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

function timestamp(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw DineroErrors.validation(name, 'Expected a UTC timestamp');
  return time;
}

// The document answers an upload error as a bare JSON string with 400.
function uploadRefused(message: string): DineroError {
  return new DineroError(400, message);
}

// Over 6 MB: 400 as the OpenAPI document says, or 413 as the developer pages say (a switch). A form the multipart
// reader refuses (a part of another name, two files, a broken body) is an upload error: 400 with a JSON string.
@Injectable()
@Catch(PayloadTooLargeException, BadRequestException)
export class LargeFileFilter implements ExceptionFilter {
  constructor(@Inject(SANDBOX_OPTIONS) private readonly options: RunningOptions) {}

  catch(exception: PayloadTooLargeException | BadRequestException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof BadRequestException) {
      response
        .status(400)
        .json(`The upload was refused (${exception.message}); send one file as a multipart part named "file".`);
      return;
    }
    if (this.options.largeFileStatus === 413) {
      const error = DineroErrors.server(413, 'The file is larger than 6 MB.', 43);
      response.status(413).json(error.body);
    } else {
      response.status(400).json('The file is larger than 6 MB.');
    }
  }
}

@DineroApi()
@Controller('v1/:organizationId/files')
export class FilesController {
  constructor(
    private readonly state: SandboxState,
    @Inject(SANDBOX_OPTIONS) private readonly options: RunningOptions,
  ) {}

  @Post(['', 'attachment'])
  @HttpCode(200)
  @UseFilters(LargeFileFilter)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES, files: 1 } }))
  upload(@OrganizationId() organizationId: number, @UploadedFile() file: UploadedPart | undefined) {
    if (!file) throw uploadRefused('Send the file as a multipart part named "file".');
    const extension = CONTENT_TYPES[file.mimetype];
    if (!extension) throw uploadRefused(`Files of type ${file.mimetype} are not accepted; send PDF, JPEG or PNG.`);
    const stored = this.state.files.add({
      organizationId,
      name: file.originalname,
      extension: file.originalname.includes('.')
        ? (file.originalname.split('.').pop() ?? extension).toLowerCase()
        : extension,
      contentType: file.mimetype,
      size: file.size,
      bytes: file.buffer,
      uploadedAt: this.options.now(),
    });
    return { FileGuid: stored.guid };
  }

  @Get()
  list(
    @OrganizationId() organizationId: number,
    @Query('fileStatus') fileStatus?: QueryValue,
    @Query('extensions') extensions?: QueryValue,
    @Query('uploadedBefore') uploadedBefore?: QueryValue,
    @Query('uploadedAfter') uploadedAfter?: QueryValue,
    @Query('page') page?: QueryValue,
    @Query('pageSize') pageSize?: QueryValue,
  ) {
    const statusName = single('fileStatus', fileStatus) ?? 'All';
    const status = ['All', 'Unused', 'Used'].find((s) => s.toLowerCase() === statusName.toLowerCase());
    if (!status) throw DineroErrors.validation('fileStatus', 'Must be All, Unused or Used');
    const [pageNumber, size] = [Number(single('page', page) ?? '0'), Number(single('pageSize', pageSize) ?? '1000')];
    if (!Number.isInteger(pageNumber) || pageNumber < 0)
      throw DineroErrors.validation('page', 'Expected a 0-based page number');
    if (!Number.isInteger(size) || size < 1 || size > 1000) throw DineroErrors.validation('pageSize', 'Must be 1–1000');
    // The document declares an array: extensions=pdf&extensions=png, one extension per repetition.
    const wanted = many('extensions', extensions)
      .map((e) => e.trim().replace(/^\./, '').toLowerCase())
      .filter((e) => e !== '');
    const before = timestamp('uploadedBefore', single('uploadedBefore', uploadedBefore)) ?? Infinity;
    const after = timestamp('uploadedAfter', single('uploadedAfter', uploadedAfter)) ?? -Infinity;
    const vouchers = this.state.vouchers.all(organizationId);
    const rows = this.state.files
      .all(organizationId)
      .filter(
        (file) =>
          (wanted.length === 0 || wanted.includes(file.extension)) &&
          file.uploadedAt < before &&
          file.uploadedAt > after,
      )
      .map((file) => ({
        file,
        links: vouchers
          .filter((voucher) => voucher.fileGuid === file.guid)
          .map((voucher) => ({
            VoucherId: voucher.id,
            VoucherGuid: voucher.guid,
            LinkedAt: new Date(voucher.createdAt).toISOString(),
          })),
      }))
      .filter(({ links }) => status === 'All' || (status === 'Used') === links.length > 0);
    return rows.slice(pageNumber * size, (pageNumber + 1) * size).map(({ file, links }) => ({
      FileGuid: file.guid,
      Name: file.name,
      Extension: file.extension,
      Size: file.size,
      UploadedAt: new Date(file.uploadedAt).toISOString(),
      Note: null,
      NumberOfPages: null,
      Linked: links,
      UploadedBy: 'api',
    }));
  }

  @Get(':fileGuid')
  read(@OrganizationId() organizationId: number, @Param('fileGuid') fileGuid: string): StreamableFile {
    const file = this.state.files.get(organizationId, fileGuid);
    if (!file) throw DineroErrors.notFound('File');
    return new StreamableFile(file.bytes, { type: file.contentType, disposition: `inline; filename="${file.name}"` });
  }
}
