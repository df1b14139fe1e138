/**
 * Bounded capture of a container's output: the first `maxBytes / 2` bytes and the last
 * `maxBytes / 2` bytes are kept, and everything in between is only counted.
 */
export class HeadTailBuffer {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  /** Tail chunks, oldest first. Their total may exceed tailLimit by less than one chunk. */
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private totalBytes = 0;

  constructor(maxBytes: number) {
    this.headLimit = Math.floor(maxBytes / 2);
    this.tailLimit = Math.floor(maxBytes) - this.headLimit;
  }

  write(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    let rest = chunk;
    if (this.headBytes < this.headLimit) {
      const headPart = rest.subarray(0, this.headLimit - this.headBytes);
      this.head.push(Buffer.from(headPart));
      this.headBytes += headPart.length;
      rest = rest.subarray(headPart.length);
    }
    if (rest.length === 0 || this.tailLimit === 0) {
      return;
    }
    if (rest.length >= this.tailLimit) {
      this.tail = [Buffer.from(rest.subarray(rest.length - this.tailLimit))];
      this.tailBytes = this.tailLimit;
      return;
    }
    // Copy, because the caller may reuse the chunk's memory.
    this.tail.push(Buffer.from(rest));
    this.tailBytes += rest.length;
    while (this.tailBytes - this.tail[0].length >= this.tailLimit) {
      this.tailBytes -= this.tail[0].length;
      this.tail.shift();
    }
  }

  /** Bytes written but not kept. */
  get droppedBytes(): number {
    return this.totalBytes - this.headBytes - Math.min(this.tailBytes, this.tailLimit);
  }

  /**
   * Returns the kept bytes as UTF-8 text, with a marker line between head and tail when bytes
   * were dropped. A multi-byte character cut at either edge of the gap decodes as U+FFFD.
   */
  toString(): string {
    const head = Buffer.concat(this.head);
    const tailAll = Buffer.concat(this.tail);
    const tail = tailAll.subarray(Math.max(0, tailAll.length - this.tailLimit));
    const dropped = this.droppedBytes;
    if (dropped === 0) {
      return Buffer.concat([head, tail]).toString('utf8');
    }
    const marker = `\n[... ${dropped} bytes of output dropped: the log keeps ${this.headLimit + this.tailLimit} bytes ...]\n`;
    return `${head.toString('utf8')}${marker}${tail.toString('utf8')}`;
  }
}

/**
 * Parser of Docker's multiplexed attach stream (used when the container has no TTY): each frame
 * is an 8-byte header (stream type in byte 0, payload length as big-endian uint32 in bytes 4-7)
 * followed by the payload. stdout and stderr payloads go to one sink in arrival order.
 */
export class DockerStreamDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private payloadLeft = 0;

  constructor(private readonly sink: (payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.payloadLeft > 0) {
        const payload = data.subarray(0, this.payloadLeft);
        this.sink(payload);
        this.payloadLeft -= payload.length;
        data = data.subarray(payload.length);
        continue;
      }
      if (data.length < 8) {
        this.pending = Buffer.from(data);
        return;
      }
      this.payloadLeft = data.readUInt32BE(4);
      data = data.subarray(8);
    }
  }
}
