import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiExtraModels,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrorDto } from './api-error.dto';

/** The error statuses that routes document. Each one has an {@link ApiErrorDto} body. */
export type DocumentedErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

/**
 * One typical body per error status, with messages the API really sends, so that a reader of
 * the 401 sees a login message rather than the schema's generic 404 example.
 */
const ERROR_EXAMPLES: Record<DocumentedErrorStatus, ApiErrorDto> = {
  400: {
    statusCode: 400,
    error: 'Bad Request',
    message: 'limit "0" is invalid: send an integer from 1 to 100',
  },
  401: {
    statusCode: 401,
    error: 'Unauthorized',
    message:
      'the bearer token is invalid, expired or revoked: create a new personal access token on ' +
      'the Access tokens page (or run "dmlg login" again), or log in at /',
  },
  403: {
    statusCode: 403,
    error: 'Forbidden',
    message: 'this token lacks scope "submit"; create a token with it on the Tokens page',
  },
  404: { statusCode: 404, error: 'Not Found', message: 'assignment kmeans not found' },
  409: {
    statusCode: 409,
    error: 'Conflict',
    message:
      'submission 0b7c… is already graded; only a queued or running submission can be cancelled',
  },
  413: {
    statusCode: 413,
    error: 'Payload Too Large',
    message: 'upload is 6291456 bytes; the limit is 5242880 bytes',
  },
  422: {
    statusCode: 422,
    error: 'Unprocessable Entity',
    message:
      'assignment kmeans has submissions from 301 students, but a similarity report compares ' +
      'at most 300',
  },
  429: {
    statusCode: 429,
    error: 'Too Many Requests',
    message:
      'at most 10 submissions to kmeans per hour are allowed; the next one is accepted from ' +
      '2026-03-02T14:05:00.000Z',
  },
  503: {
    statusCode: 503,
    error: 'Service Unavailable',
    message: 'the database is unavailable; retry in 5 seconds',
    retryAfterSeconds: 5,
  },
};

/**
 * Documents one error response. Its content is set directly rather than by `type`, because
 * `type` would take the media types of `@ApiProduces` (text/csv, text/event-stream), but errors
 * are JSON.
 */
function errorResponse(
  status: DocumentedErrorStatus,
  description: string,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ApiErrorDto),
    ApiResponse({
      status,
      description,
      content: {
        'application/json': {
          schema: { $ref: getSchemaPath(ApiErrorDto) },
          example: ERROR_EXAMPLES[status],
        },
      },
    }),
  );
}

/**
 * Error descriptions that routes of several controllers share. The wording follows AccessPolicy:
 * what the caller may not see returns 404, and what they may see but not change returns 403.
 */
export const REFUSED = {
  needsInstructor: 'Needs the instructor role in the course.',
  needsStaff: 'Needs the TA or instructor role in the course.',
  noAssignment: 'No assignment with this slug in your courses.',
} as const;

/**
 * Documents a controller whose routes need a login, which is the session cookie or a bearer token
 * (a session JWT or a personal access token). Without one they return 401.
 */
export function ApiLoggedIn(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiCookieAuth(),
    errorResponse(
      401,
      'Not logged in, or the bearer token or session is invalid, expired or revoked.',
    ),
  );
}

/** Documents a route's error responses, one description per status. */
export function ApiErrors(
  descriptions: Partial<Record<DocumentedErrorStatus, string>>,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(descriptions).map(([status, description]) =>
      errorResponse(Number(status) as DocumentedErrorStatus, description),
    ),
  );
}
