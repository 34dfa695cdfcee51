import { afterAll, describe, expect, it } from 'vitest';
import { probeHttp } from '../../crawlers/transport.ts';
import { closedPort } from '../../src/commands/demo.ts';
import { serve, type TestServer } from '../support/servers.ts';

const servers: TestServer[] = [];
afterAll(async () => { await Promise.all(servers.map((s) => s.close())); });

describe('probeHttp', () => {
  it('follows http redirects by hand until one leaves for https', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/') return res.writeHead(302, { location: '/fa/' }).end();
      res.writeHead(301, { location: 'https://agency.example.ir/fa/' }).end();
    });
    servers.push(s);
    const probe = await probeHttp(`${s.origin}/somewhere`, 'test', 5_000);
    expect(probe).toMatchObject({ url: `${s.origin}/`, status: 301, location: 'https://agency.example.ir/fa/', redirectsToHttps: true, error: null });
  });

  it('reports a page served over plain http, and a closed port', async () => {
    const s = await serve((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>'));
    servers.push(s);
    expect(await probeHttp(`${s.origin}/`, 'test', 5_000)).toMatchObject({ status: 200, redirectsToHttps: false, error: null });
    const closed = await probeHttp(`http://127.0.0.1:${await closedPort()}/`, 'test', 5_000);
    expect(closed.redirectsToHttps).toBe(false);
    expect(closed.error).toMatch(/ECONNREFUSED/);
  });

  it('gives up on a redirect loop', async () => {
    const s = await serve((_, res) => res.writeHead(302, { location: '/' }).end());
    servers.push(s);
    expect((await probeHttp(`${s.origin}/`, 'test', 5_000)).error).toMatch(/more than 5 redirects/);
  });
});
