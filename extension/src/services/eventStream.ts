// Server-Sent Events over fetch: EventSource cannot send an Authorization header, the trainer needs one.
import { createParser } from 'eventsource-parser';
import { isTrainerEventName, TrainerEventSchemas } from '@aift/contract';
import type { TrainerEventName, TrainerEvents } from '@aift/contract';
import { exponentialBackoff } from './backoff.js';

export type { TrainerEventName, TrainerEvents };

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

/** Opens the stream, reconnecting with exponential backoff until `close()`. */
export function openEventStream(options: EventStreamOptions): EventStream {
  const controller = new AbortController();
  const { signal } = controller;
  const backoff = exponentialBackoff(options.initialDelayMs ?? 500, options.maxDelayMs ?? 30_000);

  const closed = (async () => {
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
        backoff.reset();
        await readFrames(response.body, signal, (name, data) => {
          // Names this build does not know (a newer server) are skipped; a known one must match the contract.
          if (isTrainerEventName(name))
            options.onEvent(name, TrainerEventSchemas[name].parse(JSON.parse(data)));
        });
        if (!signal.aborted) options.onConnection?.(false, new Error('the event stream ended'));
      } catch (error) {
        if (signal.aborted) break;
        options.onConnection?.(false, error);
      }
      if (signal.aborted) break;
      await sleep(backoff.next(), signal);
    }
  })();
  return { close: () => controller.abort(), closed };
}

/** Reads the stream's events (eventsource-parser: `event:`, multi-line `data:`, comments) until the end. */
async function readFrames(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  onFrame: (event: string, data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = createParser({ onEvent: ({ event, data }) => onFrame(event ?? 'message', data) });
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
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
