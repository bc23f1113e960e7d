import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { Writable as WritableStream } from 'node:stream';

/** Writes a chunk and waits while the output is full, so a large export never runs ahead of its file. */
export async function writeChunk(out: WritableStream, chunk: string | Buffer): Promise<void> {
  if (out.write(chunk)) return;
  await once(out, 'drain');
}

/** Ends the output and waits until every byte reached its destination. */
export async function endOutput(out: WritableStream): Promise<void> {
  if (out.writableFinished) return;
  const finished = once(out, 'finish');
  out.end();
  await finished;
}

/** A Writable that keeps what it is given, for the API, which hands the file over as one message. */
export function memoryOutput(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}
