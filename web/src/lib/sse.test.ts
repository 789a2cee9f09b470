import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('SseParser', () => {
  it('push_MessageSplitAcrossChunks_ReturnsItOnceComplete', () => {
    const parser = new SseParser();
    expect(parser.push('event: execution\ndata: {"a"')).toEqual([]);
    expect(parser.push(':1}\nid: 3\n\n')).toEqual([{ event: 'execution', data: '{"a":1}', id: '3' }]);
  });

  it('push_CommentsAndCrLf_AreHandled', () => {
    const parser = new SseParser();
    expect(parser.push(': ping\r\ndata: x\r\ndata: y\r\n\r\n')).toEqual([{ event: 'message', data: 'x\ny', id: undefined }]);
  });

  it('push_EventWithoutData_IsNotDispatched', () => {
    const parser = new SseParser();
    expect(parser.push('event: heartbeat\n\n')).toEqual([]);
  });
});
