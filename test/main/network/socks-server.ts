/**
 * A small SOCKS5 server for tests (RFC 1928 CONNECT, RFC 1929 user/password), written here with
 * node:net so the test owns what the proxy sees: every connection and its target, the address
 * type the client used (a name stays a name), and the credentials offered. It can refuse every
 * CONNECT (a SOCKS reply failure) to test the client's error.
 */
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';

export interface SocksTarget {
  readonly host: string;
  readonly port: number;
  /** 1 IPv4, 3 domain name, 4 IPv6: how the client named the target. */
  readonly atyp: number;
}

export interface TestSocksServer {
  readonly port: number;
  readonly url: string;
  /** Every CONNECT the proxy was asked for, in order. */
  readonly targets: SocksTarget[];
  /** Client connections accepted. */
  connections: number;
  /** Sockets the proxy itself opened towards targets (not the client's). */
  readonly outgoing: WeakSet<Socket>;
  /** Host names the proxy resolves itself (like Tor would): name → address to connect to. */
  readonly names: Map<string, string>;
  close(): Promise<void>;
}

export interface SocksServerOptions {
  /** Require this user name and password (method 2); otherwise no authentication (method 0). */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Answer every CONNECT with this SOCKS5 reply code (e.g. 2 "not allowed by ruleset"). */
  readonly refuseWith?: number;
}

/** Reads exactly `n` bytes from the socket's buffered stream. */
function reader(socket: Socket): (n: number) => Promise<Buffer> {
  let buffered = Buffer.alloc(0);
  let waiting: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  const pump = () => {
    if (waiting && buffered.length >= waiting.n) {
      const out = buffered.subarray(0, waiting.n);
      buffered = buffered.subarray(waiting.n);
      const w = waiting;
      waiting = undefined;
      w.resolve(out);
    }
  };
  const onData = (d: Buffer) => {
    buffered = Buffer.concat([buffered, d]);
    pump();
  };
  socket.on('data', onData);
  socket.on('close', () => waiting?.reject(new Error('closed')));
  return (n) =>
    new Promise<Buffer>((resolve, reject) => {
      waiting = { n, resolve, reject };
      pump();
    });
}

function reply(code: number): Buffer {
  return Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
}

async function handle(client: Socket, s: TestSocksServer, o: SocksServerOptions): Promise<void> {
  const read = reader(client);
  const [ver, nMethods] = await read(2);
  if (ver !== 5) throw new Error('not SOCKS5');
  const methods = [...(await read(nMethods ?? 0))];
  if (o.auth) {
    if (!methods.includes(2)) {
      client.end(Buffer.from([5, 0xff]));
      return;
    }
    client.write(Buffer.from([5, 2]));
    const [, ulen] = await read(2);
    const user = (await read(ulen ?? 0)).toString('utf8');
    const [plen] = await read(1);
    const pass = (await read(plen ?? 0)).toString('utf8');
    const good = user === o.auth.username && pass === o.auth.password;
    client.write(Buffer.from([1, good ? 0 : 1]));
    if (!good) {
      client.end();
      return;
    }
  } else {
    if (!methods.includes(0)) {
      client.end(Buffer.from([5, 0xff]));
      return;
    }
    client.write(Buffer.from([5, 0]));
  }
  const [, cmd, , atyp] = await read(4);
  let host: string;
  if (atyp === 1) host = [...(await read(4))].join('.');
  else if (atyp === 3) {
    const [len] = await read(1);
    host = (await read(len ?? 0)).toString('utf8');
  } else if (atyp === 4) {
    const b = await read(16);
    host = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2).toString(16)).join(':');
  } else throw new Error('bad address type');
  const port = (await read(2)).readUInt16BE(0);
  s.targets.push({ host, port, atyp });
  if (cmd !== 1) {
    client.end(reply(7));
    return;
  }
  if (o.refuseWith !== undefined) {
    client.end(reply(o.refuseWith));
    return;
  }
  const upstream = new Socket();
  s.outgoing.add(upstream);
  upstream.once('error', () => {
    if (!client.destroyed) client.end(reply(5));
  });
  upstream.connect(port, s.names.get(host) ?? host, () => {
    client.write(reply(0));
    client.removeAllListeners('data');
    client.pipe(upstream);
    upstream.pipe(client);
  });
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
}

export async function startSocksServer(o: SocksServerOptions = {}): Promise<TestSocksServer> {
  const sockets = new Set<Socket>();
  const state = {
    targets: [] as SocksTarget[],
    connections: 0,
    outgoing: new WeakSet<Socket>(),
    names: new Map<string, string>(),
  };
  const server: Server = createServer((client) => {
    state.connections++;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    handle(client, self, o).catch(() => {
      client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const self: TestSocksServer = {
    ...state,
    get connections() {
      return state.connections;
    },
    set connections(n: number) {
      state.connections = n;
    },
    port,
    url: `socks5://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return self;
}

/** A port nothing listens on (a dead proxy): bound, then closed. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
