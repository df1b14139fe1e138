import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStack, type RunningStack } from '../support/running-stack';

/** The parts of an OpenAPI 3 document this spec reads. */
interface MediaType {
  schema?: { $ref?: string; type?: string };
  example?: unknown;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  summary?: string;
  security?: unknown[];
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, ResponseObject>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: {
    schemas?: Record<string, unknown>;
    securitySchemes?: Record<
      string,
      { scheme?: string; bearerFormat?: string; description?: string }
    >;
  };
}

interface NamedOperation {
  /** `METHOD /path`, as the failure messages name it. */
  name: string;
  method: string;
  operation: Operation;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Response media types that are not JSON, so a schema would add little to them. */
const TEXT_CONTENT_TYPES = ['text/csv', 'text/event-stream', 'text/plain', 'text/markdown'];

/**
 * The POST, PUT and PATCH routes that read no request body, with the reason. Every other one
 * must document its body. A route listed here must exist and document no body.
 */
const BODYLESS: Record<string, string> = {
  'POST /api/auth/logout': 'only clears the session cookie',
  'POST /api/courses/{slug}/invitation': 'the new link is random',
  'POST /api/courses/{slug}/users/{userId}/password-reset': 'the new password is random',
  'POST /api/submissions/{id}/cancel': 'the path names the submission',
  'POST /api/courses/{course}/assignments/{slug}/git-repositories': 'seeds from the manifest',
};

function operationsOf(document: OpenApiDocument): NamedOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => ({
      name: `${method.toUpperCase()} ${path}`,
      method,
      operation: item[method],
    })),
  );
}

/** Whether a 2xx response documents its body by a schema, by being 204, or by a text type. */
function documentsSuccess(operation: Operation): boolean {
  return Object.entries(operation.responses ?? {}).some(([status, response]) => {
    if (!/^2\d\d$/.test(status)) return false;
    if (status === '204') return true;
    const content = Object.entries(response.content ?? {});
    return content.some(
      ([type, media]) => media.schema !== undefined || TEXT_CONTENT_TYPES.includes(type),
    );
  });
}

function hasBodySchema(operation: Operation): boolean {
  return Object.values(operation.requestBody?.content ?? {}).some((media) => media.schema);
}

describe('OpenAPI document', { timeout: 3 * 60 * 1000 }, () => {
  let stack: RunningStack;
  let document: OpenApiDocument;
  let operations: NamedOperation[];

  before(async () => {
    stack = await startStack('e2e_openapi', 3485, 10);
    const response = await fetch(`${stack.baseUrl}/api/docs-json`);
    assert.equal(response.status, 200, 'GET /api/docs-json');
    document = (await response.json()) as OpenApiDocument;
    assert.match(document.openapi, /^3\./, 'an OpenAPI 3 document');
    operations = operationsOf(document);
    assert.ok(operations.length > 0, 'the document lists no operations');
    process.stderr.write(`openapi: ${operations.length} operations documented\n`);
  });

  after(async () => {
    await stack?.stop();
  });

  it('serves HTML at /api/docs', async () => {
    const response = await fetch(`${stack.baseUrl}/api/docs`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await response.text(), /swagger-ui/i);
  });

  it('has a summary on every operation', () => {
    const missing = operations
      .filter(({ operation }) => !operation.summary?.trim())
      .map(({ name }) => name);
    assert.deepEqual(missing, [], 'operations without @ApiOperation({ summary })');
  });

  it('documents every success response', () => {
    const missing = operations
      .filter(({ operation }) => !documentsSuccess(operation))
      .map(({ name }) => name);
    assert.deepEqual(
      missing,
      [],
      'operations without a 2xx response that has a schema, is 204, or names a text type',
    );
  });

  it('describes every response', () => {
    const missing = operations.flatMap(({ name, operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(([, response]) => !response.description?.trim())
        .map(([status]) => `${name} ${status}`),
    );
    assert.deepEqual(missing, [], 'responses with an empty description');
  });

  it('gives each error status its own example', () => {
    const examples = new Map<string, string>();
    for (const { operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const example = response.content?.['application/json']?.example;
        if (/^[45]\d\d$/.test(status) && example) examples.set(status, JSON.stringify(example));
      }
    }
    assert.match(examples.get('401') ?? '', /"statusCode":401.*bearer token is invalid/);
    assert.match(examples.get('404') ?? '', /"statusCode":404/);
    assert.equal(new Set(examples.values()).size, examples.size, 'statuses share an example');
  });

  it('describes the bearer scheme as a token or a session JWT', () => {
    const bearer = document.components?.securitySchemes?.bearer;
    assert.equal(bearer?.scheme, 'bearer');
    assert.notEqual(bearer?.bearerFormat, 'JWT', 'bearer tokens are not only JWTs');
    assert.match(bearer?.description ?? '', /personal access token.*session JWT/);
  });

  it('rejects a lang the document does not declare', async () => {
    const response = await fetch(`${stack.baseUrl}/api/assignments/kmeans?lang=de`, {
      headers: { authorization: `Bearer ${stack.token}` },
    });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /lang \\"de\\" is not supported: send lang=en or lang=lv/);
  });

  it('wrong bearer token explains renewal', async () => {
    const response = await fetch(`${stack.baseUrl}/api/assignments`, {
      headers: { authorization: 'Bearer dmlg_not-a-real-token' },
    });
    assert.equal(response.status, 401);
    assert.match(await response.text(), /invalid, expired or revoked: create a new personal/);
  });

  it('documents every request body', () => {
    const writes = operations.filter(({ method }) => ['post', 'put', 'patch'].includes(method));
    const missing = writes
      .filter(({ name, operation }) => !(name in BODYLESS) && !hasBodySchema(operation))
      .map(({ name }) => name);
    assert.deepEqual(
      missing,
      [],
      'operations without a requestBody schema (or list them in BODYLESS)',
    );

    const byName = new Map(writes.map((write) => [write.name, write.operation]));
    const unknown = Object.keys(BODYLESS).filter((name) => !byName.has(name));
    assert.deepEqual(unknown, [], 'BODYLESS entries that the document does not contain');
    const withBody = Object.keys(BODYLESS).filter((name) => byName.get(name)?.requestBody);
    assert.deepEqual(withBody, [], 'BODYLESS entries that now document a body');
  });

  it('documents 401 on logged-in routes', () => {
    const missing = operations
      .filter(({ operation }) => (operation.security ?? []).length > 0)
      .filter(({ operation }) => !operation.responses?.['401'])
      .map(({ name }) => name);
    assert.deepEqual(missing, [], 'operations with security but no 401 response');
  });

  it('uses ApiErrorDto for every error', () => {
    assert.ok(document.components?.schemas?.ApiErrorDto, 'the ApiErrorDto schema is defined');
    const wrong = operations.flatMap(({ name, operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(([status]) => /^[45]\d\d$/.test(status))
        .filter(
          ([, response]) =>
            response.content?.['application/json']?.schema?.$ref !==
            '#/components/schemas/ApiErrorDto',
        )
        .map(([status]) => `${name} ${status}`),
    );
    assert.deepEqual(wrong, [], 'error responses without the ApiErrorDto schema');
  });
});
