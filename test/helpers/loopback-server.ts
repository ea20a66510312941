/**
 * The server plumbing every loopback endpoint shares (IAM's awsQuery double, the JSON-protocol
 * Organizations and SSO Admin doubles): an ephemeral port on 127.0.0.1, the calls it answered,
 * and SDK client options with dummy credentials. Nothing here is AWS.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

/** What every recorded call has: its action and, for an error, the code. */
export interface RecordedCall {
  readonly action: string;
  readonly code?: string;
}

export abstract class LoopbackServer<C extends RecordedCall> {
  public readonly calls: C[] = [];

  private readonly server = http.createServer((req, res) => void this.serve(req, res));

  /** Listens on an ephemeral loopback port; returns the endpoint URL. */
  public async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    // Keep-alive sockets are what the SDK reuses; drops must be able to cut them.
    this.server.keepAliveTimeout = 60_000;
    return this.url;
  }

  public get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Client options for an SDK v3 client bound to this endpoint: dummy credentials, one attempt unless told. */
  public clientConfig(maxAttempts = 1) {
    return {
      endpoint: this.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIALOOPBACKTEST', secretAccessKey: 'loopback' },
      maxAttempts,
    };
  }

  /** Requests answered, by action and outcome code (`OK` for success). */
  public tally(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.calls) {
      const key = `${c.action}:${c.code ?? 'OK'}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  protected abstract serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
}

/** The whole request body, as text. */
export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
