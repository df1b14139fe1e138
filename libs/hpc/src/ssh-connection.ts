import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Client, type ClientChannel, type SFTPWrapper } from 'ssh2';

/** How to reach the cluster's login node. The private key is never logged. */
export interface SshConnectionOptions {
  host: string;
  port: number;
  username: string;
  privateKey: Buffer;
  passphrase?: string;
  /** The login node's host key as OpenSSH prints it: `SHA256:<base64 without padding>`. */
  hostKeySha256: string;
  /** Milliseconds to wait for the TCP connection and the SSH handshake. */
  readyTimeoutMs: number;
}

export interface CommandResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

/** An SSH failure: refused, unreachable, wrong host key, authentication, a dropped channel. */
export class SshError extends Error {
  constructor(
    readonly operation: string,
    readonly target: string,
    message: string,
  ) {
    super(`${operation} on ${target} failed: ${message}`);
    this.name = 'SshError';
  }
}

/** OpenSSH's fingerprint of a host key blob: `SHA256:` and the unpadded base64 of its SHA-256. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/**
 * One SSH connection to the cluster, opened on first use and shared by every run of the worker
 * (OpenSSH's default MaxSessions of 10 bounds the channels open at once). A dropped connection is
 * opened again on the next call. The server's host key must match the pinned fingerprint.
 */
export class SshConnection {
  private readonly logger = new Logger(SshConnection.name);
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private sftpSession: Promise<SFTPWrapper> | undefined;
  private closed = false;

  constructor(private readonly options: SshConnectionOptions) {}

  get target(): string {
    return `${this.options.username}@${this.options.host}:${this.options.port}`;
  }

  /** Runs a shell command on the login node and collects its output (at most `maxBytes` of each stream). */
  async exec(command: string, maxBytes = 1024 * 1024): Promise<CommandResult> {
    const client = await this.connected();
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      client.exec(command, (error, stream) =>
        error ? reject(new SshError('exec', this.target, error.message)) : resolve(stream),
      );
    });
    return new Promise<CommandResult>((resolve, reject) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let outBytes = 0;
      let errBytes = 0;
      let code: number | null = null;
      let signal: string | undefined;
      channel.on('data', (chunk: Buffer) => {
        if (outBytes < maxBytes) stdout.push(chunk);
        outBytes += chunk.length;
      });
      channel.stderr.on('data', (chunk: Buffer) => {
        if (errBytes < maxBytes) stderr.push(chunk);
        errBytes += chunk.length;
      });
      channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
        code = exitCode;
        signal = exitSignal;
      });
      channel.on('error', (error: Error) =>
        reject(new SshError('exec', this.target, error.message)),
      );
      channel.on('close', () =>
        resolve({
          code,
          signal,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        }),
      );
    });
  }

  /** Runs a command that reads `input` on stdin (e.g. `tar -x`); rejects when it exits non-zero. */
  async execWithInput(command: string, input: Buffer): Promise<CommandResult> {
    const client = await this.connected();
    return new Promise<CommandResult>((resolve, reject) => {
      client.exec(command, (error, channel) => {
        if (error) {
          reject(new SshError('exec', this.target, error.message));
          return;
        }
        let stderr = '';
        let code: number | null = null;
        channel.on('data', () => undefined);
        channel.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        channel.on('exit', (exitCode: number | null) => (code = exitCode));
        channel.on('error', (channelError: Error) =>
          reject(new SshError('exec', this.target, channelError.message)),
        );
        channel.on('close', () => {
          if (code === 0) resolve({ code, stdout: '', stderr });
          else reject(new SshError(command.split(' ')[0], this.target, `exit ${code}: ${stderr}`));
        });
        channel.end(input);
      });
    });
  }

  /** Runs a command and hands its stdout as a stream (e.g. `tar -c` of the output folder). */
  async execStream(command: string): Promise<ClientChannel> {
    const client = await this.connected();
    return new Promise<ClientChannel>((resolve, reject) => {
      client.exec(command, (error, channel) =>
        error ? reject(new SshError('exec', this.target, error.message)) : resolve(channel),
      );
    });
  }

  /** Writes one file over SFTP with the given Unix mode. */
  async writeFile(path: string, content: Buffer | string, mode = 0o644): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) =>
      sftp.writeFile(path, content, { mode }, (error) =>
        error
          ? reject(new SshError('sftp write', `${this.target}:${path}`, error.message))
          : resolve(),
      ),
    );
  }

  /** Reads one file over SFTP; resolves undefined when it does not exist. */
  async readFile(path: string): Promise<Buffer | undefined> {
    const sftp = await this.sftp();
    return new Promise<Buffer | undefined>((resolve, reject) =>
      sftp.readFile(path, (error: (Error & { code?: number }) | undefined, data: Buffer) => {
        // SFTP status 2 is SSH_FX_NO_SUCH_FILE.
        if (error && error.code === 2) resolve(undefined);
        else if (error) reject(new SshError('sftp read', `${this.target}:${path}`, error.message));
        else resolve(data);
      }),
    );
  }

  /** Closes the connection; later calls fail instead of reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    this.sftpSession = undefined;
    if (!client) return;
    await new Promise<void>((resolve) => {
      client.once('close', () => resolve());
      client.end();
      setTimeout(resolve, 2_000).unref();
    });
    this.logger.log(`SSH connection to ${this.target} closed`);
  }

  private sftp(): Promise<SFTPWrapper> {
    if (!this.sftpSession) {
      const session = this.connected().then(
        (client) =>
          new Promise<SFTPWrapper>((resolve, reject) =>
            client.sftp((error, sftp) =>
              error ? reject(new SshError('sftp', this.target, error.message)) : resolve(sftp),
            ),
          ),
      );
      this.sftpSession = session;
      session.catch(() => {
        if (this.sftpSession === session) this.sftpSession = undefined;
      });
    }
    return this.sftpSession;
  }

  private connected(): Promise<Client> {
    if (this.closed) {
      return Promise.reject(new SshError('connect', this.target, 'the connection was closed'));
    }
    if (this.client) return Promise.resolve(this.client);
    if (!this.connecting) {
      this.connecting = this.open().finally(() => {
        this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  private open(): Promise<Client> {
    const { host, port, username, privateKey, passphrase, hostKeySha256, readyTimeoutMs } =
      this.options;
    return new Promise<Client>((resolve, reject) => {
      const client = new Client();
      let offered: string | undefined;
      client.once('ready', () => {
        this.client = client;
        this.logger.log(`SSH connection to ${this.target} open`);
        resolve(client);
      });
      client.once('error', (error: Error) => {
        const reason =
          offered !== undefined && offered !== hostKeySha256
            ? `host key ${offered} does not match the pinned DMLG_HPC_HOST_KEY_SHA256 ${hostKeySha256}`
            : error.message;
        reject(new SshError('connect', this.target, reason));
      });
      client.on('close', () => {
        if (this.client === client) {
          this.client = undefined;
          this.sftpSession = undefined;
          if (!this.closed) this.logger.warn(`SSH connection to ${this.target} dropped`);
        }
      });
      client.connect({
        host,
        port,
        username,
        privateKey,
        passphrase,
        readyTimeout: readyTimeoutMs,
        keepaliveInterval: 15_000,
        hostVerifier: (key: Buffer) => {
          offered = hostKeyFingerprint(key);
          return offered === hostKeySha256;
        },
      });
    });
  }
}
