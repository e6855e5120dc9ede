/**
 * A purpose-built fake MID REST upstream for the client tests: a real node:http(s) server on a random
 * loopback port whose every answer is decided by the test's handler (slow, 5xx, resets, junk, ...).
 */
import { createServer as createHttpServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** `attempt` is the 0-based index of this request among all the upstream received. */
export type UpstreamHandler = (req: RecordedRequest, res: ServerResponse, attempt: number) => void;

export interface FakeUpstream {
  /** e.g. http://127.0.0.1:PORT/mid-api */
  baseUrl: string;
  requests: RecordedRequest[];
  /** TCP connections accepted so far (keep-alive reuse, retry counting). */
  connections(): number;
  close(): Promise<void>;
}

export async function startFakeUpstream(
  handler: UpstreamHandler,
  tls?: { key: string; cert: string },
): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  let connections = 0;
  const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }) : createHttpServer();
  server.on('connection', () => { connections++; });
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      handler(recorded, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/mid-api`,
    requests,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Answers like SK does: JSON with `time` and `traceId` added to every body. */
export function sendJson(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify({ ...body, time: '2026-11-28T07:30:00', traceId: '6b2f0c3e5a1d4e7f' });
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Drops the connection without an answer: the client sees a reset / "other side closed". */
export function resetConnection(res: ServerResponse): void {
  res.socket?.destroy();
}
