/**
 * Client-side CPU of one HTTPS request to a devnet node, with a new TLS connection each time
 * (how the app's transport works: `agent: false`) and over one kept-alive connection.
 */
import { Agent, request, type RequestOptions } from 'node:https';
import type { TlsResult } from '../lib/protocol';

function get(url: URL, options: RequestOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...options, method: 'GET', rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function perRequest(n: number, url: URL, options: () => RequestOptions): Promise<number> {
  for (let i = 0; i < 5; i++) await get(url, options());
  const start = cpuMs();
  for (let i = 0; i < n; i++) await get(url, options());
  return (cpuMs() - start) / n;
}

export async function tlsCost(nodeUrl: string, n: number): Promise<TlsResult> {
  const url = new URL('/get_stats/v1', nodeUrl);
  const freshConnectionCpuMs = await perRequest(n, url, () => ({ agent: false }));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const keepAliveCpuMs = await perRequest(n, url, () => ({ agent }));
    return { n, freshConnectionCpuMs, keepAliveCpuMs };
  } finally {
    agent.destroy();
  }
}
