import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DockerStreamDemuxer, HeadTailBuffer } from './sandbox-log';

function frame(streamType: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header.writeUInt8(streamType, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

void describe('HeadTailBuffer', () => {
  void it('keeps short output whole', () => {
    const buffer = new HeadTailBuffer(100);
    buffer.write(Buffer.from('abc'));
    buffer.write(Buffer.from('def'));
    assert.equal(buffer.toString(), 'abcdef');
    assert.equal(buffer.droppedBytes, 0);
  });

  void it('keeps head and tail of long output', () => {
    const buffer = new HeadTailBuffer(10);
    for (const chunk of ['01234', '56789', 'abcde', 'fghij', 'klm']) {
      buffer.write(Buffer.from(chunk));
    }
    assert.equal(buffer.droppedBytes, 13);
    assert.ok(buffer.toString().startsWith('01234\n'), buffer.toString());
    assert.ok(buffer.toString().endsWith('\nijklm'), buffer.toString());
    assert.match(buffer.toString(), /13 bytes of output dropped/);
  });

  void it('handles one chunk larger than the cap', () => {
    const buffer = new HeadTailBuffer(4);
    buffer.write(Buffer.from('abcdefgh'));
    assert.equal(buffer.droppedBytes, 4);
    assert.ok(buffer.toString().startsWith('ab\n'));
    assert.ok(buffer.toString().endsWith('\ngh'));
  });
});

void describe('DockerStreamDemuxer', () => {
  void it('joins frames split across chunks', () => {
    const payloads: string[] = [];
    const demuxer = new DockerStreamDemuxer((payload) => payloads.push(payload.toString()));
    const stream = Buffer.concat([frame(1, 'out line\n'), frame(2, 'err line\n'), frame(1, '')]);
    // Byte by byte, the hardest split: headers and payloads are cut everywhere.
    for (let i = 0; i < stream.length; i += 1) {
      demuxer.push(stream.subarray(i, i + 1));
    }
    assert.equal(payloads.join(''), 'out line\nerr line\n');
  });
});
