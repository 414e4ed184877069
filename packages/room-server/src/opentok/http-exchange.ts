import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What a REST call needs of an answer. */
export interface HttpAnswer {
  status: number;
  /** The `Content-Type` header, if any. */
  contentType: string | undefined;
  /** The body, decoded as UTF-8. */
  text: string;
}

/** Raised when an exchange passes its deadline (the request is destroyed). */
export class ExchangeTimeoutError extends Error {
  override readonly name: 'TimeoutError' = 'TimeoutError';
}

/** Raised when an answer is longer than the exchange takes (the request is destroyed). */
export class AnswerTooLargeError extends Error {
  override readonly name: 'AnswerTooLargeError' = 'AnswerTooLargeError';
}

/**
 * The longest answer read: the Video API's largest (a page of 1,000 archives) is about a
 * megabyte, so 16 MiB is room to spare, while a wrong `apiUrl` streaming without end cannot fill
 * the server's memory.
 */
export const MAX_ANSWER_BYTES: number = 16 * 1024 * 1024;

/**
 * One HTTP request and its whole answer, within `timeoutMs`. Made with `node:http`/`node:https` on
 * their default (keep-alive) agents rather than `fetch`: in Node 20 a `fetch` costs several times
 * the CPU of the same request through `node:http`, which was most of what a first join added over
 * the bare request. No redirects are followed (the Video API answers none).
 *
 * @param url - the full URL
 * @param method - the HTTP method
 * @param headers - the request headers
 * @param body - the request body, if any
 * @param timeoutMs - the deadline of the request and its body together
 * @param maxAnswerBytes - the longest answer body read
 * @returns status, content type and body
 * @throws ExchangeTimeoutError past the deadline; AnswerTooLargeError for a longer answer; the
 *   socket's error on a network failure
 */
export function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  maxAnswerBytes: number = MAX_ANSWER_BYTES,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const outgoing = send(url, { method, headers }, (response) => {
      const tooLarge = () => {
        const error = new AnswerTooLargeError(`the answer is longer than ${maxAnswerBytes} bytes`);
        finish(() => reject(error));
        outgoing.destroy(error);
      };
      if (Number(response.headers['content-length']) > maxAnswerBytes) return tooLarge();
      const chunks: Buffer[] = [];
      let length = 0;
      response.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > maxAnswerBytes) tooLarge();
        else chunks.push(chunk);
      });
      response.on('error', (error) => finish(() => reject(error)));
      // A socket closed mid-body: never resolve a truncated answer.
      response.on('close', () => {
        if (!response.complete) finish(() => reject(new Error('the answer was cut off')));
      });
      response.on('end', () =>
        finish(() =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        ),
      );
    });
    const timer = setTimeout(() => {
      const error = new ExchangeTimeoutError(`no answer within ${timeoutMs} ms`);
      finish(() => reject(error));
      outgoing.destroy(error);
    }, timeoutMs);
    outgoing.on('error', (error) => finish(() => reject(error)));
    outgoing.end(body);
  });
}
