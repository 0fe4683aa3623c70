/**
 * Reading a streamed web answer (STREAM_CONTENT_TYPE: one JSON frame a line)
 * as its bytes arrive: chunks split lines, and lines split characters, at
 * any point, so text is decoded as a stream and only whole lines are parsed.
 */
import type { StreamFrame } from '../../../shared/contract/progress';

export class StreamFrameError extends Error {}

function frameOf(line: string): StreamFrame {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new StreamFrameError('a line of the streamed answer is not JSON');
  }
  if (typeof value === 'object' && value !== null && ('progress' in value || 'result' in value)) {
    return value as StreamFrame;
  }
  throw new StreamFrameError('a line of the streamed answer is neither a page nor the result');
}

export class StreamFrameReader {
  private readonly decoder = new TextDecoder();
  /** The pieces of the line not yet ended; only new text is searched for newlines, so a long line costs one pass. */
  private partial: string[] = [];

  /** The frames completed by this chunk, in order. */
  push(chunk: Uint8Array): StreamFrame[] {
    return this.take(this.decoder.decode(chunk, { stream: true }));
  }

  /** The end of the body: a last line without its newline is still a frame. */
  end(): StreamFrame[] {
    const frames = this.take(this.decoder.decode());
    const rest = this.partial.join('').trim();
    this.partial = [];
    if (rest) frames.push(frameOf(rest));
    return frames;
  }

  private take(text: string): StreamFrame[] {
    const frames: StreamFrame[] = [];
    let from = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', from)) {
      this.partial.push(text.slice(from, newline));
      const line = this.partial.join('');
      this.partial = [];
      if (line.trim()) frames.push(frameOf(line));
      from = newline + 1;
    }
    if (from < text.length) this.partial.push(text.slice(from));
    return frames;
  }
}
