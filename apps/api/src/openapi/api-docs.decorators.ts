import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiExtraModels,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrorDto } from './api-error.dto';

/**
 * Documents one error response. Its content is set directly rather than by `type`, because
 * `type` would take the media types of `@ApiProduces` (text/csv, text/event-stream), but errors
 * are JSON.
 */
function errorResponse(status: number, description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ApiErrorDto),
    ApiResponse({
      status,
      description,
      content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorDto) } } },
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

/** The error statuses that routes document. Each one has an {@link ApiErrorDto} body. */
export type DocumentedErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

/**
 * Documents a controller whose routes need a login, which is the session cookie or a bearer token
 * (a session JWT or a personal access token). Without one they return 401.
 */
export function ApiLoggedIn(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiCookieAuth(),
    errorResponse(401, 'Not logged in, or the session or token has expired.'),
  );
}

/** Documents a route's error responses, one description per status. */
export function ApiErrors(
  descriptions: Partial<Record<DocumentedErrorStatus, string>>,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(descriptions).map(([status, description]) =>
      errorResponse(Number(status), description),
    ),
  );
}
