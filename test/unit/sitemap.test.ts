import { describe, expect, it } from 'vitest';
import { lastmodDate, parseSitemap, readSitemaps, type SitemapFetch } from '../../crawlers/sitemap.ts';

const O = 'https://agency.example.ir';

describe('parseSitemap', () => {
  it('reads url entries with lastmod as a date, with or without a namespace prefix', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sm:url><sm:loc> ${O}/news/1 </sm:loc><sm:lastmod>2025-11-30T10:00:00+03:30</sm:lastmod></sm:url>
  <sm:url><sm:loc>${O}/about#team</sm:loc></sm:url>
  <sm:url><sm:lastmod>2025-01-01</sm:lastmod></sm:url>
</sm:urlset>`;
    expect(parseSitemap(xml, `${O}/sitemap.xml`)).toEqual({ sitemaps: [], entries: [{ url: `${O}/news/1`, lastmod: '2025-11-30' }, { url: `${O}/about`, lastmod: null }] });
  });

  it('reads a sitemap index', () => {
    const xml = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${O}/a.xml</loc><lastmod>2025-01-01</lastmod></sitemap><sitemap><loc>/b.xml</loc></sitemap></sitemapindex>`;
    expect(parseSitemap(xml, `${O}/index.xml`)).toEqual({ sitemaps: [`${O}/a.xml`, `${O}/b.xml`], entries: [] });
  });

  it('lastmod: a W3C date or datetime; anything else is null', () => {
    expect(lastmodDate('2025-02-03')).toBe('2025-02-03');
    expect(lastmodDate('2025-02-30')).toBeNull();
    expect(lastmodDate('1404/09/01')).toBeNull();
    expect(lastmodDate(undefined)).toBeNull();
  });
});

describe('readSitemaps', () => {
  const files: Record<string, string> = {
    [`${O}/index.xml`]: `<sitemapindex><sitemap><loc>${O}/1.xml</loc></sitemap><sitemap><loc>${O}/2.xml</loc></sitemap><sitemap><loc>https://cdn.other.ir/3.xml</loc></sitemap></sitemapindex>`,
    [`${O}/1.xml`]: `<urlset><url><loc>${O}/p1</loc><lastmod>2025-10-01</lastmod></url><url><loc>https://other.ir/p</loc></url></urlset>`,
    [`${O}/2.xml`]: `<urlset><url><loc>${O}/p2</loc></url><url><loc>${O}/p1</loc></url></urlset>`,
  };
  const asked: string[] = [];
  const fetch: SitemapFetch = async (url) => {
    asked.push(url);
    return { xml: files[url] ?? null, truncated: false, note: null };
  };
  const inScope = (url: string) => url.startsWith(O);

  it('follows an index inside the scope, keeps in-scope entries once, in order', async () => {
    const notes: string[] = [];
    const facts = await readSitemaps([`${O}/index.xml`, `${O}/sitemap.xml`], inScope, fetch, { maxFiles: 5, maxBytesPerFile: 1000, maxEntries: 100 }, notes);
    expect(facts).toEqual({ urls: [`${O}/index.xml`, `${O}/1.xml`, `${O}/2.xml`], entries: [{ url: `${O}/p1`, lastmod: '2025-10-01' }, { url: `${O}/p2`, lastmod: null }] });
    expect(asked).not.toContain('https://cdn.other.ir/3.xml');
  });

  it('is bounded by files and entries, and says so', async () => {
    const notes: string[] = [];
    const facts = await readSitemaps([`${O}/index.xml`], inScope, fetch, { maxFiles: 2, maxBytesPerFile: 1000, maxEntries: 1 }, notes);
    expect(facts!.urls).toHaveLength(2);
    expect(facts!.entries).toEqual([{ url: `${O}/p1`, lastmod: '2025-10-01' }]);
    expect(notes.join('\n')).toMatch(/1 more sitemap files were not read \(at most 2\)[\s\S]*first 1/);
  });

  it('no sitemap read: null', async () => {
    expect(await readSitemaps([`${O}/sitemap.xml`], inScope, fetch, { maxFiles: 5, maxBytesPerFile: 1000, maxEntries: 10 }, [])).toBeNull();
  });
});
