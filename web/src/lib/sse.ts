// Server-Sent Events over fetch: EventSource cannot send an Authorization or X-API-Key header, and a credential in
// a URL ends up in logs, so the dashboard reads the stream with fetch and parses it here.

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/** Parses a text/event-stream incrementally: feed chunks, get the complete messages so far. */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const messages: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (this.data.length > 0) {
          messages.push({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
        }
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id') this.id = value;
    }
    return messages;
  }
}

export interface StreamOptions {
  url: string;
  headers: () => Promise<Record<string, string>>;
  onMessage: (message: SseMessage) => void;
  onState?: (state: 'live' | 'reconnecting' | 'stopped', detail?: string) => void;
  /** Waits between reconnects, growing to this many milliseconds. */
  maxBackoffMs?: number;
}

/**
 * Follows an event stream until `stop()`: reconnects after the server ends it (streams have a maximum duration) or
 * the network drops, with backoff; stops for good on 401/403/404, which a retry cannot fix.
 */
export function follow(options: StreamOptions): { stop: () => void } {
  const controller = new AbortController();
  let stopped = false;
  const run = async () => {
    let backoff = 500;
    while (!stopped) {
      try {
        const response = await fetch(options.url, {
          headers: { Accept: 'text/event-stream', ...(await options.headers()) },
          signal: controller.signal,
          cache: 'no-store',
        });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          options.onState?.('stopped', `${response.status}`);
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        options.onState?.('live');
        backoff = 500;
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const message of parser.push(value)) {
            if (message.event === 'gone') {
              options.onState?.('stopped', 'gone');
              return;
            }
            options.onMessage(message);
          }
        }
      } catch (error) {
        if (stopped) return;
        options.onState?.('reconnecting', error instanceof Error ? error.message : String(error));
      }
      if (stopped) return;
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 10_000);
    }
  };
  void run();
  return {
    stop: () => {
      stopped = true;
      controller.abort();
    },
  };
}
