// Citations: the element a finding points at.
import type { LinkArtifact, PageArtifact } from '../../crawlers/artifacts.ts';
import { cssPath, rawText, type Element } from '../../crawlers/dom.ts';
import type { Citation } from '../../src/engine/define-rule.ts';
import { snippet } from '../../src/text/persian.ts';

export function cite(page: PageArtifact, el: Element | null, text?: string): Citation {
  return { pageUrl: page.finalUrl, selector: el ? cssPath(el) : null, snippet: snippet(text ?? (el ? rawText(el) : page.title)) };
}

export function citeLink(page: PageArtifact, link: LinkArtifact): Citation {
  return { pageUrl: page.finalUrl, selector: link.selector, snippet: snippet(`${link.text} → ${link.href}`) };
}
