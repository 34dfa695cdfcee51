import { describe, expect, it } from 'vitest';
import { buildPageArtifact, type PageArtifact, type SiteArtifacts } from '../../crawlers/artifacts.ts';
import { HttpClient } from '../../crawlers/http.ts';
import { DEFAULT_CRAWL_OPTIONS, HostLimiter } from '../../crawlers/portal.ts';
import { DEFAULT_PROBE_OPTIONS, hostListed, NOTE_POST_FORM, NOTE_TIME_LIMIT, probeSite, probeTargets } from '../../crawlers/probe.ts';
import { serve } from '../support/servers.ts';

const HOME = 'https://agency.example.ir/';

function page(url: string, body: string, extra: Partial<PageArtifact> = {}): PageArtifact {
  return {
    ...buildPageArtifact({
      url, finalUrl: url, status: 200, headers: { 'content-type': 'text/html' }, html: `<html><body>${body}</body></html>`,
      depth: 0, fetchedBy: 'http', timing: { startedAt: '2025-12-22T00:00:00Z', durationMs: 1 },
    }), ...extra,
  };
}

function site(pages: PageArtifact[], attempts: PageArtifact[] = pages): SiteArtifacts {
  return { agency: { id: 'a', homepage: HOME, hosts: ['files.agency.example.ir'] }, home: pages[0], pages, attempts };
}

const NATIONAL = ['my.gov.ir', 'saamad.ir'];

describe('probeTargets', () => {
  it('finds documents, search forms and citizen-facing external systems in document order', () => {
    const home = page(HOME, `
      <a href="/about">درباره</a>
      <a href="https://files.agency.example.ir/chart.PDF">نمودار</a>
      <form action="/search"><input name="q"><input type="hidden" name="lang" value="fa"><button>جستجو</button></form>
      <a href="https://saamad.ir/"><img src="/i/111.png" alt=""></a>
      <a href="https://www.my.gov.ir/service/1">خدمت</a>
      <a href="https://peigiri.example.com/track">ادامه</a>
      <a href="https://instagram.com/agency">اینستاگرام</a>
      <a href="https://www.other.ir/x" title="سامانه ثبت شکایات">.</a>`);
    const targets = probeTargets(site([home]), NATIONAL, 'خدمات');
    expect(targets.map((t) => [t.kind, t.url])).toEqual([
      ['document', 'https://files.agency.example.ir/chart.PDF'],
      ['search', `https://agency.example.ir/search?lang=fa&q=${encodeURIComponent('خدمات')}`],
      ['external', 'https://saamad.ir/'],
      ['external', 'https://www.my.gov.ir/service/1'],
      ['external', 'https://peigiri.example.com/track'],
      ['external', 'https://www.other.ir/x'],
    ]);
    expect(targets[1].form).toEqual({ pageUrl: HOME, selector: expect.stringContaining('form') });
  });

  it('a form with a password is a sign-in, not a search; a search box in a POST form is found but not submitted', () => {
    const home = page(HOME, `
      <form action="/login"><input name="q"><input type="password" name="p"><button>ورود</button></form>
      <form method="post" action="/Default.aspx"><input name="ctl00$txtSearch" placeholder="جستجو"><input type="submit" value="جستجو"></form>`);
    const targets = probeTargets(site([home]), NATIONAL, 'خدمات');
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({ kind: 'search', url: 'https://agency.example.ir/Default.aspx', skip: NOTE_POST_FORM });
  });

  it('a text field alone in a form with no search cue is not a search', () => {
    const home = page(HOME, '<form action="/subscribe"><input name="email"><button>عضویت</button></form>');
    expect(probeTargets(site([home]), NATIONAL, 'x')).toEqual([]);
  });

  it('each target once, from the first page that cites it; a page the crawl fetched is no document; a download the crawl met is', () => {
    const home = page(HOME, '<a href="/report.pdf">گزارش</a><a href="/data">داده</a><a href="/page.pdf">صفحه</a>');
    const about = page(`${HOME}about`, '<a href="/report.pdf">گزارش</a><a href="https://saamad.ir/">سامد</a>', { depth: 1 });
    const fetchedPdf = page(`${HOME}page.pdf`, '');
    const download = { ...page(`${HOME}data`, ''), status: 200, error: 'not an HTML page (text/csv)' };
    const targets = probeTargets(site([home, about], [home, about, fetchedPdf, download]), NATIONAL, 'x');
    expect(targets.map((t) => [t.kind, t.url, t.page.finalUrl])).toEqual([
      ['document', `${HOME}report.pdf`, HOME],
      ['document', `${HOME}data`, HOME],
      ['external', 'https://saamad.ir/', `${HOME}about`],
    ]);
  });

  it('hostListed matches a listed host, its subdomains and a host with a port, not a look-alike', () => {
    expect(hostListed('https://sso.my.gov.ir/x', ['my.gov.ir'])).toBe(true);
    expect(hostListed('https://notmy.gov.ir/x', ['my.gov.ir'])).toBe(false);
    expect(hostListed('http://127.0.0.1:4567/x', ['127.0.0.1:4567'])).toBe(true);
    expect(hostListed('http://127.0.0.1:4568/x', ['127.0.0.1:4567'])).toBe(false);
  });
});

describe('probeSite', () => {
  it('records targets whose turn comes after the deadline as not probed, asking nothing', async () => {
    let asked = 0;
    const s = await serve((req, res) => {
      if (req.url !== '/robots.txt') asked++;
      res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');
    });
    const http = new HttpClient(5_000);
    try {
      const home = page(`${s.origin}/`, '<a href="/a.pdf">a</a><a href="/b.pdf">b</a>');
      const records = await probeSite({ agency: { id: 'a', homepage: `${s.origin}/`, hosts: [] }, home, pages: [home], attempts: [home] }, {
        http, limiter: new HostLimiter(2, 0), crawl: DEFAULT_CRAWL_OPTIONS, probe: DEFAULT_PROBE_OPTIONS, ignoreCertificateErrors: false,
        robots: new Map(), nationalHosts: [], notes: [], deadline: Date.now() - 1,
      });
      expect(records.map((r) => [r.state, r.note])).toEqual([['not-probed', NOTE_TIME_LIMIT], ['not-probed', NOTE_TIME_LIMIT]]);
      expect(asked).toBe(0);
    } finally {
      await http.close();
      await s.close();
    }
  });
});
