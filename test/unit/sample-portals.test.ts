// The loopback server for sample portals: redirects, a stored charset and a
// single-page app's fallback, which the blind sets use to model real servers.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePortals, servePortal, type ServedPortal } from '../../src/demo/sample-portals.ts';

let portal: ServedPortal;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sample-portal-'));
  mkdirSync(join(dir, 'site', 'fa'), { recursive: true });
  writeFileSync(join(dir, 'portal.json'), JSON.stringify({
    id: 'x', name: { fa: 'x', en: 'x' }, charset: 'windows-1256',
    redirects: { '/': '/fa/' }, fallback: '/app.html',
    queryRoutes: { '/fa/?s': '/results.html', '/ShowPage.aspx?PageId=123': '/catalog.html' },
    postRoutes: { '/Default.aspx?__EVENTTARGET=ctl00$Menu$lnkServices': '/catalog.html' },
  }));
  writeFileSync(join(dir, 'site', 'Default.aspx'), 'home');
  writeFileSync(join(dir, 'site', 'fa', 'index.html'), Buffer.from([0xd3, 0xe1, 0xc7, 0xe3])); // «سلام» in windows-1256
  writeFileSync(join(dir, 'site', 'app.html'), '<div id="app"></div>');
  writeFileSync(join(dir, 'site', 'results.html'), 'results');
  writeFileSync(join(dir, 'site', 'catalog.html'), 'catalog');
  portal = await servePortal(dir);
});
afterAll(() => closePortals([portal]));

describe('servePortal', () => {
  it('answers a redirect with 301 and its location', async () => {
    const res = await fetch(portal.origin + '/', { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/fa/');
  });

  it('names the stored charset for text files', async () => {
    const res = await fetch(portal.origin + '/fa/');
    expect(res.headers.get('content-type')).toBe('text/html; charset=windows-1256');
    expect(new TextDecoder('windows-1256').decode(await res.arrayBuffer())).toBe('سلام');
  });

  it('serves the fallback for an extensionless path with no file, and 404 for a missing file', async () => {
    const route = await fetch(portal.origin + '/services/42');
    expect(route.status).toBe(200);
    expect(await route.text()).toBe('<div id="app"></div>');
    expect((await fetch(portal.origin + '/missing.pdf')).status).toBe(404);
  });

  it('chooses a file by a query parameter, or by its value', async () => {
    expect(await (await fetch(portal.origin + '/fa/?s=%D8%AE')).text()).toBe('results');
    expect(new TextDecoder('windows-1256').decode(await (await fetch(portal.origin + '/fa/?page=2')).arrayBuffer())).toBe('سلام');
    expect(await (await fetch(portal.origin + '/ShowPage.aspx?PageId=123&lang=1')).text()).toBe('catalog');
    expect((await fetch(portal.origin + '/ShowPage.aspx?PageId=124')).status).toBe(404);
  });

  it('answers a postback by the control its __EVENTTARGET names, and any other POST like a GET', async () => {
    const post = (target: string) => fetch(portal.origin + '/Default.aspx', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ __EVENTTARGET: target, __EVENTARGUMENT: '', __VIEWSTATE: 'dDw=' }).toString(),
    });
    const hit = await post('ctl00$Menu$lnkServices');
    expect(hit.status).toBe(200);
    expect(await hit.text()).toBe('catalog');
    expect(await (await post('ctl00$Menu$lnkOther')).text()).toBe('home');
    expect(await (await fetch(portal.origin + '/Default.aspx')).text()).toBe('home');
  });
});
