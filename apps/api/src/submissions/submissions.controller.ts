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
  Body,
  Put,
  Sse,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiProduces,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { AssignmentsService } from '../assignments/assignments.service';
import { AccessPolicy } from '../auth/access-policy';
import { CurrentPrincipal, RequiresScope } from '../auth/auth.decorators';
import { chooseLocale } from '../auth/choose-locale';
import type { AuthenticatedRequest, Principal } from '../auth/principal';
import {
  CancellationDto,
  ChangeGradeDto,
  SubmissionDetailDto,
  SubmissionDto,
  SubmissionEventDto,
  SubmissionReceiptDto,
} from './submission.dto';
import { SubmissionCancellationService } from './submission-cancellation.service';
import { SubmissionReviewService, type ServerSentEvent } from './submission-review.service';
import { SubmissionsService } from './submissions.service';

/** Multer's hard caps; the configured, smaller limits are checked with clearer messages after. */
const MULTER_MAX_FILES = 200;
const MULTER_MAX_FILE_BYTES = 64 * 1024 * 1024;

@ApiTags('submissions')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api')
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly review: SubmissionReviewService,
    private readonly assignments: AssignmentsService,
    private readonly cancellation: SubmissionCancellationService,
  ) {}

  @Post('assignments/:slug/submissions')
  @RequiresScope('submit')
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
          description:
            'Python files (a name may be a relative path such as pkg/util.py), Jupyter notebooks (.ipynb), or one .zip or .tar.gz archive of them.',
        },
      },
    },
  })
  @ApiAcceptedResponse({
    type: SubmissionReceiptDto,
    description: 'Stored and queued for grading.',
  })
  async submit(
    @Param('slug') slug: string,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
    @Req() request: AuthenticatedRequest,
  ): Promise<SubmissionReceiptDto> {
    const sources = (files ?? []).map((file) => ({
      path: Buffer.from(file.originalname, 'latin1').toString('utf8'),
      content: file.buffer,
    }));
    // Anyone in the assignment's course may submit; others learn nothing about it (404).
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(request.principal, assignment.courseId, 'student', {
      en: `assignment ${slug}`,
      lv: `uzdevums ${slug}`,
    });
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
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubmissionDto> {
    return this.review.describe(
      principal,
      id,
      chooseLocale(lang, acceptLanguage, principal.user.locale),
    );
  }

  @Sse('submissions/:id/events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    type: SubmissionEventDto,
    description:
      'Server-sent events, one JSON SubmissionEventDto per phase change; ends when graded or failed.',
  })
  events(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Observable<ServerSentEvent>> {
    return this.review.events(principal, id);
  }

  @Get('submissions/:id/detail')
  @ApiQuery({ name: 'lang', required: false, enum: ['en', 'lv'] })
  @ApiOkResponse({ type: SubmissionDetailDto, description: 'TAs and instructors.' })
  detail(
    @Param('id') id: string,
    @Query('lang') lang: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubmissionDetailDto> {
    return this.review.detail(principal, id, chooseLocale(lang, undefined, principal.user.locale));
  }

  @Post('submissions/:id/cancel')
  @HttpCode(202)
  @RequiresScope('submit')
  @ApiAcceptedResponse({
    type: CancellationDto,
    description:
      'Owner, TAs and instructors; 409 once the submission is graded, failed or cancelled.',
  })
  cancel(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CancellationDto> {
    return this.cancellation.cancel(principal, id);
  }

  @Put('submissions/:id/grade')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Grade changed and the change audited (instructors).' })
  changeGrade(
    @Param('id') id: string,
    @Body() body: ChangeGradeDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    return this.review.changeGrade(principal, id, body?.score, body?.reason);
  }
}
