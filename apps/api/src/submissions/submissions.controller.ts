import {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UploadedFiles,
  UseInterceptors,
  Headers,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Locale } from '@dmlg/db';
import type { AuthenticatedRequest } from '../auth/bearer-token.guard';
import { SubmissionDto, SubmissionReceiptDto } from './submission.dto';
import { SubmissionsService } from './submissions.service';

/** Multer's hard caps; the configured, smaller limits are checked with clearer messages after. */
const MULTER_MAX_FILES = 200;
const MULTER_MAX_FILE_BYTES = 64 * 1024 * 1024;

@ApiTags('submissions')
@ApiBearerAuth()
@Controller('api')
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  @Post('assignments/:slug/submissions')
  @HttpCode(202)
  @UseInterceptors(
    FilesInterceptor('files', MULTER_MAX_FILES, { limits: { fileSize: MULTER_MAX_FILE_BYTES } }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        files: {
          type: 'array',
          items: { type: 'string', format: 'binary' },
          description: 'Python files; the file name may be a relative path such as pkg/util.py.',
        },
      },
    },
  })
  @ApiAcceptedResponse({
    type: SubmissionReceiptDto,
    description: 'Stored and queued for grading.',
  })
  submit(
    @Param('slug') slug: string,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
    @Req() request: AuthenticatedRequest,
  ): Promise<SubmissionReceiptDto> {
    const sources = (files ?? []).map((file) => ({
      path: Buffer.from(file.originalname, 'latin1').toString('utf8'),
      content: file.buffer,
    }));
    return this.submissions.submit(slug, sources, request.user);
  }

  @Get('submissions/:id')
  @ApiQuery({
    name: 'lang',
    required: false,
    enum: ['en', 'lv'],
    description:
      'Language of titles and messages; defaults to the Accept-Language header, then the account.',
  })
  @ApiOkResponse({ type: SubmissionDto })
  describe(
    @Param('id') id: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: AuthenticatedRequest,
  ): Promise<SubmissionDto> {
    return this.submissions.describe(id, chooseLocale(lang, acceptLanguage, request.user.locale));
  }
}

function chooseLocale(
  query: string | undefined,
  acceptLanguage: string | undefined,
  fallback: Locale,
): Locale {
  if (query === 'lv' || query === 'en') return query;
  const preferred = acceptLanguage?.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  if (preferred === 'lv' || preferred === 'en') return preferred;
  return fallback;
}
