import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadAppConfig } from '@dmlg/config';
import { ApiModule } from './api.module';

/** Starts the HTTP API with its OpenAPI document at /api/docs. */
async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const app = await NestFactory.create(ApiModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('DML Grader API')
      .setDescription('Submit solutions of the deep metric learning course and read their grades.')
      .setVersion('0.1')
      .addBearerAuth()
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
