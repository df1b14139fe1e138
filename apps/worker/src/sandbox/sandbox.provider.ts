import { Logger, type Provider } from '@nestjs/common';
import Docker from 'dockerode';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import { DockerSandbox, sandboxImageTag, type Sandbox } from '@dmlg/sandbox';

export const SANDBOX = Symbol('SANDBOX');
export const SANDBOX_IMAGE = Symbol('SANDBOX_IMAGE');
export const DOCKER = Symbol('DOCKER');

export const dockerProvider: Provider = {
  provide: DOCKER,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new Docker({ socketPath: config.dockerSocket }),
};

export const sandboxProvider: Provider = {
  provide: SANDBOX,
  inject: [DOCKER],
  useFactory: (docker: Docker): Sandbox => new DockerSandbox(docker),
};

/** The image every run uses: `DMLG_SANDBOX_IMAGE`, else the tag computed from docker/cpu's recipe. */
export const sandboxImageProvider: Provider = {
  provide: SANDBOX_IMAGE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): string => {
    const image = config.sandboxImage ?? sandboxImageTag(config.repositoryRoot);
    new Logger('Sandbox').log(`sandbox image ${image}`);
    return image;
  },
};
