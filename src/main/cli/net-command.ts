/**
 * `veil net status [--json]`: fetch the pool, test guards, build 2 onion paths on the chosen
 * network and print them. With `--network devnet` an embedded devnet is started in a temporary
 * folder for the duration of the command. With `--json` the output is exactly one line:
 * {"network","poolSize","paths":[{"hops":[{"ip","port","ed25519"}]}],"clockOffsetMs","state"}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { HttpTransport } from '../network/https-transport';
import { proxyFromEnv } from '../core/network-config';
import type { SocksProxy } from '../network/proxy';
import { startDevnet, type Devnet } from '../../../devnet/index';
import { sodiumReady } from '../../crypto/sodium';
import { NetworkClient } from '../network/network-client';
import type { NetworkStatus } from '../../shared/ipc/network';
import type { CliIo } from './context';
import { fillCatalog } from './id-words';
import type { Catalog } from '../../shared/i18n';

interface NetGlobals {
  readonly profile: string;
  readonly network: string;
  readonly proxy?: SocksProxy;
}

function jsonLine(s: NetworkStatus): string {
  return JSON.stringify({
    network: s.network,
    poolSize: s.poolSize,
    paths: s.paths.map((p) => ({
      hops: p.hops.map((h) => ({ ip: h.ip, port: h.port, ed25519: h.ed25519 })),
    })),
    clockOffsetMs: s.clockOffsetMs,
    state: s.state,
  });
}

/** The text form; the state and its reason are the codes `--json` prints. */
function humanLines(words: Catalog, s: NetworkStatus): string[] {
  const said = words.cliOut.net;
  const lines = [
    fillCatalog(said.network, { network: s.network }),
    fillCatalog(said.state, { state: `${s.state}${s.reason === null ? '' : ` (${s.reason})`}` }),
    fillCatalog(said.nodesKnown, { nodes: s.poolSize }),
    fillCatalog(s.clockProblem ? said.clockWrong : said.clockOffset, { ms: s.clockOffsetMs }),
  ];
  s.paths.forEach((p, i) => {
    const hops = p.hops.map((h) => `${h.ip}:${h.port} ${h.ed25519.slice(0, 8)}`).join(' → ');
    lines.push(fillCatalog(said.path, { number: i + 1, hops }));
  });
  return lines;
}

/** Status of a freshly started client on `network` (devnet = an embedded one). */
export async function netStatus(network: string, proxy?: SocksProxy): Promise<NetworkStatus> {
  await sodiumReady();
  let devnet: Devnet | undefined;
  let dataDir: string | undefined;
  let client: NetworkClient | undefined;
  try {
    let seedUrls: readonly string[] | undefined;
    if (network === 'devnet') {
      dataDir = mkdtempSync(join(tmpdir(), 'veil-net-devnet-'));
      devnet = await startDevnet({ dataDir });
      seedUrls = [devnet.seedUrl];
    } else if (network !== 'mainnet') {
      seedUrls = [network];
    }
    client = new NetworkClient({
      network,
      http: new HttpTransport(proxy ?? proxyFromEnv(process.env)),
      ...(seedUrls === undefined ? {} : { seedUrls }),
      poolRefresh: { firstMs: 0 },
    });
    await client.start();
    return client.status();
  } finally {
    await client?.stop();
    await devnet?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  }
}

export function registerNetCommand(program: Command, io: CliIo, globals: () => NetGlobals): void {
  const net = program.command('net').description(io.words.cliHelp.net.description);
  net
    .command('status')
    .description(io.words.cliHelp.net.status)
    .option('--json', io.words.cliHelp.json)
    .action(async (opts: { json?: boolean }) => {
      const s = await netStatus(globals().network, globals().proxy);
      if (opts.json === true) io.out(jsonLine(s));
      else for (const l of humanLines(io.words, s)) io.out(l);
    });
}
