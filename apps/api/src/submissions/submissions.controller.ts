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
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOperation,
  ApiProduces,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { AssignmentsService } from '../assignments/assignments.service';
import { AccessPolicy } from '../auth/access-policy';
import { CurrentPrincipal, RequiresScope } from '../auth/auth.decorators';
import { chooseRequestedLocale } from '../auth/choose-locale';
import type { AuthenticatedRequest, Principal } from '../auth/principal';
import { ApiErrors, ApiLoggedIn, REFUSED } from '../openapi/api-docs.decorators';
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

/** The 404 of the submission routes: AccessPolicy hides other students' submissions. */
const NO_SUBMISSION = 'No submission with this id that you may read.';

@ApiTags('submissions')
@ApiLoggedIn()
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
  @ApiOperation({
    summary: 'Upload a submission (members of the course)',
    description:
      'Stores the files and queues them for grading; the submission policy (deadline, attempt ' +
      'and hourly limits) applies to students, not to TAs and instructors.',
  })
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
  @ApiErrors({
    400: 'No files, or a file name or archive is malformed.',
    403: 'The submission policy refuses it (deadline passed, no attempts left).',
    404: REFUSED.noAssignment,
    413: 'Too many files or bytes.',
    422: 'A file is not Python or a notebook, not UTF-8, or the required module is missing.',
    429: 'The hourly submission limit is reached; the message says when it lifts.',
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
      'Language of titles and messages; defaults to the Accept-Language header, then the ' +
      'account. Any other value is a 400.',
  })
  @ApiOperation({
    summary: "Read a submission's status and grade (its owner, TAs and instructors)",
  })
  @ApiOkResponse({
    type: SubmissionDto,
    description: 'The submission with its status and, once graded, each check.',
  })
  @ApiErrors({ 404: NO_SUBMISSION })
  describe(
    @Param('id') id: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubmissionDto> {
    return this.review.describe(
      principal,
      id,
      chooseRequestedLocale(lang, acceptLanguage, principal.user.locale),
    );
  }

  @Sse('submissions/:id/events')
  @ApiOperation({
    summary:
      "Follow a submission's grading progress as server-sent events (its owner, TAs and instructors)",
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    type: SubmissionEventDto,
    description:
      'Server-sent events, one JSON SubmissionEventDto per phase change; ends when graded or failed.',
  })
  @ApiErrors({ 404: NO_SUBMISSION })
  events(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Observable<ServerSentEvent>> {
    return this.review.events(principal, id);
  }

  @Get('submissions/:id/detail')
  @ApiQuery({ name: 'lang', required: false, enum: ['en', 'lv'] })
  @ApiOperation({
    summary: "Read a submission's full grading detail and logs (TAs and instructors)",
  })
  @ApiOkResponse({ type: SubmissionDetailDto, description: 'TAs and instructors.' })
  @ApiErrors({ 403: REFUSED.needsStaff, 404: NO_SUBMISSION })
  detail(
    @Param('id') id: string,
    @Query('lang') lang: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubmissionDetailDto> {
    return this.review.detail(
      principal,
      id,
      chooseRequestedLocale(lang, undefined, principal.user.locale),
    );
  }

  @Post('submissions/:id/cancel')
  @HttpCode(202)
  @RequiresScope('submit')
  @ApiOperation({
    summary: 'Cancel a queued or running submission (its owner, TAs and instructors)',
  })
  @ApiAcceptedResponse({
    type: CancellationDto,
    description:
      'Owner, TAs and instructors; 409 once the submission is graded, failed or cancelled.',
  })
  @ApiErrors({
    404: NO_SUBMISSION,
    409: 'The submission is graded, failed or cancelled already.',
  })
  cancel(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CancellationDto> {
    return this.cancellation.cancel(principal, id);
  }

  @Put('submissions/:id/grade')
  @HttpCode(204)
  @ApiOperation({ summary: "Change a submission's grade by hand, with a reason (instructors)" })
  @ApiNoContentResponse({ description: 'Grade changed and the change audited (instructors).' })
  @ApiErrors({
    400: 'The score is not 0 to 100, the reason is missing, or the submission has no grade yet.',
    403: REFUSED.needsInstructor,
    404: NO_SUBMISSION,
  })
  changeGrade(
    @Param('id') id: string,
    @Body() body: ChangeGradeDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    return this.review.changeGrade(principal, id, body?.score, body?.reason);
  }
}
