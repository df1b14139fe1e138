import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadAppConfig } from '@dmlg/config';
import { ApiModule } from './api.module';

/** Starts the HTTP API with its OpenAPI document at /api/docs. */
async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    logger: ['error', 'warn', 'log'],
  });
  app.use(cookieParser());
  // The web UI, built by `npm run build` into dist/web; its routes live after `#`, so static
  // files are all it needs.
  const webRoot = join(config.repositoryRoot, 'dist', 'web');
  if (existsSync(join(webRoot, 'index.html'))) {
    app.useStaticAssets(webRoot, { index: 'index.html', maxAge: '1h' });
  } else {
    Logger.warn(`no web UI at ${webRoot}; run npm run build`, 'Api');
  }
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('DML Grader API')
      .setDescription(
        'Submit solutions of the deep metric learning course and read their grades. Each ' +
          'summary names who may call the route; an admin acts as instructor in every course. ' +
          'Resources of courses the caller is not in answer 404, so that they stay hidden.',
      )
      .setVersion('0.1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        // A hint only; Nest's default here is 'JWT', which personal access tokens are not.
        bearerFormat: 'personal access token or session JWT',
        description:
          'A personal access token (dmlg_…, created on the Access tokens page or by dmlg login; ' +
          'its scopes read, submit and manage limit what it may do) or the session JWT that ' +
          'POST /api/auth/login returns.',
      })
      .addCookieAuth('dmlg_session')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);

  await app.listen(config.http.port, config.http.host);
  Logger.log(
    `API listening on ${config.http.publicUrl} (OpenAPI at ${config.http.publicUrl}/api/docs)`,
    'Api',
  );
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'Api');
  process.exit(1);
});
