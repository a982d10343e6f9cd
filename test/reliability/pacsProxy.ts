// A PACS that misbehaves on command: an HTTP proxy on 127.0.0.1 in front of a real Orthanc whose mode the
// test switches between passing requests through and failing them in the ways PACSes fail.
import { request } from 'node:http';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type PacsMode =
  /** Forwards everything to Orthanc. */
  | 'pass'
  /** Answers 503 Service Unavailable. */
  | 'unavailable'
  /** Never answers (the client's timeout must end the request). */
  | 'hang'
  /** Sends Orthanc's status and headers and the first half of its body, then closes the connection. */
  | 'truncate'
  /** Closes the connection without any answer, as a PACS going down does. */
  | 'down';

export interface PacsProxy {
  /** The DICOMweb root through the proxy. */
  readonly dicomWebRoot: string;
  mode: PacsMode;
  /** Requests that reached the proxy in each mode. */
  readonly counts: Record<PacsMode, number>;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (Orthanc's REST root) on a free port, in mode 'pass'. */
export async function startPacsProxy(target: string): Promise<PacsProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const counts: Record<PacsMode, number> = { pass: 0, unavailable: 0, hang: 0, truncate: 0, down: 0 };
  const forward = (req: IncomingMessage, res: ServerResponse, cut: boolean) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        if (!cut) return void reply.pipe(res);
        const chunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => chunks.push(chunk));
        reply.on('end', () => {
          const body = Buffer.concat(chunks);
          res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
        });
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  };
  const server = createServer((req, res) => {
    const mode = proxy.mode;
    counts[mode]++;
    if (mode === 'pass' || mode === 'truncate') return forward(req, res, mode === 'truncate');
    if (mode === 'unavailable') return void res.writeHead(503, { 'Content-Type': 'text/plain' }).end('down');
    if (mode === 'down') return void req.socket.destroy();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: PacsProxy = {
    dicomWebRoot: `http://127.0.0.1:${port}/dicom-web`,
    mode: 'pass',
    counts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
