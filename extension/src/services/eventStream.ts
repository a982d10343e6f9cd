// Server-Sent Events over fetch: EventSource cannot send an Authorization header, the trainer needs one.
import type { ServiceEvents } from '../../../trainer-server/src/services/EventBus.js';

export type TrainerEvents = ServiceEvents;
export type TrainerEventName = keyof TrainerEvents;

export interface EventStreamOptions {
  /** GET …/api/events */
  readonly url: string;
  readonly headers: () => Record<string, string> | Promise<Record<string, string>>;
  readonly onEvent: <E extends TrainerEventName>(name: E, payload: TrainerEvents[E]) => void;
  /** Connected (true) after each (re)connect, false with the error when the stream breaks. */
  readonly onConnection?: (connected: boolean, error?: unknown) => void;
  /** First reconnect delay, doubled each failure up to `maxDelayMs`; reset once a stream opens. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface EventStream {
  /** Ends the stream and stops reconnecting. */
  close(): void;
  /** Settles once the stream is closed for good. */
  readonly closed: Promise<void>;
}

const EVENT_NAMES: readonly string[] = ['training.progress', 'model.published', 'worklist.changed'];

/** Opens the stream, reconnecting with exponential backoff until `close()`. */
export function openEventStream(options: EventStreamOptions): EventStream {
  const controller = new AbortController();
  const { signal } = controller;
  const initial = options.initialDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;

  const closed = (async () => {
    let delay = initial;
    while (!signal.aborted) {
      try {
        const response = await fetch(options.url, {
          headers: { ...(await options.headers()), Accept: 'text/event-stream' },
          signal,
        });
        if (!response.ok || response.body === null) {
          throw new Error(`event stream answered HTTP ${response.status}`);
        }
        options.onConnection?.(true);
        delay = initial;
        await readFrames(response.body, signal, (name, data) => {
          if (EVENT_NAMES.includes(name))
            options.onEvent(name as TrainerEventName, JSON.parse(data) as never);
        });
        if (!signal.aborted) options.onConnection?.(false, new Error('the event stream ended'));
      } catch (error) {
        if (signal.aborted) break;
        options.onConnection?.(false, error);
      }
      if (signal.aborted) break;
      await sleep(delay, signal);
      delay = Math.min(max, delay * 2);
    }
  })();
  return { close: () => controller.abort(), closed };
}

/** Reads `event:`/`data:` frames (blank-line separated, multi-line data joined by \n) until the end. */
async function readFrames(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  onFrame: (event: string, data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
        }
        if (data.length > 0) onFrame(event, data.join('\n'));
      }
    }
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
