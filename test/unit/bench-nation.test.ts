// The benchmark's synthetic nation (scripts/bench/nation.ts): exactly M
// distinct pages per portal (distinct even with numbers blanked), every one
// reachable from the home page within two links and no link to anything that
// is not served, one portal in five script-rendered, and features that vary
// by portal.
import { describe, expect, it } from 'vitest';
import { generateNation, internalLinks, renderedMarkup, type PortalSpec } from '../../scripts/bench/nation.ts';

/** Breadth-first over internal links from '/': each page's depth. */
function depths(portal: PortalSpec): Map<string, number> {
  const seen = new Map([['/', 0]]);
  for (let level = ['/']; level.length;) {
    const next: string[] = [];
    for (const path of level) {
      for (const link of internalLinks(portal.files.get(path)!.body)) {
        if (seen.has(link) || !portal.pages.some((p) => p.path === link)) continue;
        seen.set(link, seen.get(path)! + 1);
        next.push(link);
      }
    }
    level = next;
  }
  return seen;
}

describe('the synthetic nation', () => {
  for (const [portals, pages] of [[10, 25], [10, 10], [6, 3], [5, 1], [3, 60]]) {
    it(`${portals} portals × ${pages} pages: M distinct pages, all reachable within two links, no link to anything unserved`, () => {
      const nation = generateNation({ portals, pages });
      expect(nation).toHaveLength(portals);
      expect(new Set(nation.map((p) => p.id)).size).toBe(portals);
      for (const portal of nation) {
        const paths = portal.pages.map((p) => p.path);
        expect(new Set(paths).size, portal.id).toBe(pages);
        // The crawler caps URLs of one shape (numbers blanked): every page must have a shape of its own.
        expect(new Set(paths.map((p) => p.replace(/\d+/g, '#'))).size, portal.id).toBe(pages);
        expect(paths[0]).toBe('/');
        const reached = depths(portal);
        expect([...reached.keys()].sort(), portal.id).toEqual([...paths].sort());
        expect(Math.max(...reached.values()), portal.id).toBeLessThanOrEqual(2);
        for (const path of paths) {
          expect(portal.files.get(path)?.type).toMatch(/^text\/html/);
          for (const link of internalLinks(portal.files.get(path)!.body)) expect(portal.files.has(link), `${portal.id}${path} → ${link}`).toBe(true);
        }
        if (pages >= 3) expect(portal.pages.filter((p) => p.kind === 'service').length, portal.id).toBeGreaterThan(0);
      }
    });
  }

  it('renders one portal in five with scripts: an empty app root, the same markup built by an inline script', () => {
    const nation = generateNation({ portals: 40, pages: 25 });
    const scripted = nation.filter((p) => p.scriptRendered);
    expect(scripted).toHaveLength(8);
    for (const portal of nation) {
      for (const { path } of portal.pages) {
        const html = portal.files.get(path)!.body;
        const withoutScripts = html.replace(/<script>[\s\S]*?<\/script>/g, '');
        if (portal.scriptRendered) {
          expect(withoutScripts).toContain('<div id="app"></div>');
          expect(withoutScripts).not.toMatch(/<a\s/);
          expect(renderedMarkup(html)).toMatch(/<main id="content">[\s\S]*<h1>/);
          expect(html).not.toMatch(/<\/(?!script>)[a-z]+>[^\n]*<\/script>/);
        } else {
          expect(html).not.toContain('<script');
          expect(renderedMarkup(html)).toBe(html);
        }
      }
    }
  });

  it('is deterministic, and its portals differ', () => {
    const a = generateNation({ portals: 10, pages: 25 });
    const b = generateNation({ portals: 10, pages: 25 });
    expect(a.map((p) => [...p.files.values()].map((f) => f.body).join(''))).toEqual(b.map((p) => [...p.files.values()].map((f) => f.body).join('')));
    expect(new Set(a.map((p) => p.features.sections.join())).size).toBeGreaterThanOrEqual(4);
    expect(new Set(a.map((p) => p.features.fresh))).toEqual(new Set([true, false]));
    expect(new Set(a.map((p) => Object.keys(p.headers).length)).size).toBeGreaterThan(1);
    expect(generateNation({ portals: 10, pages: 25, seed: 7 }).map((p) => p.features)).not.toEqual(a.map((p) => p.features));
  });

  it('serves a robots.txt that allows every page', () => {
    for (const portal of generateNation({ portals: 5, pages: 25 })) {
      const robots = portal.files.get('/robots.txt')!.body;
      const disallowed = [...robots.matchAll(/^Disallow: (\S+)$/gm)].map((m) => m[1]);
      expect(disallowed.length).toBeGreaterThan(0);
      for (const { path } of portal.pages) expect(disallowed.some((d) => path.startsWith(d)), path).toBe(false);
    }
  });
});
