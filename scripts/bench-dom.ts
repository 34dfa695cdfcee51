// Prints how long building a page's artifact takes as its link count grows:
// linear processing keeps the time per link flat (the old selector code was
// quadratic: 0.7 s for 5k links, 6.8 s for 20k). A report, not a test.
import { buildPageArtifact } from '../crawlers/artifacts.ts';

const sizes = [5_000, 20_000, 80_000, 200_000];
console.log('links\tHTML MB\tms\tµs per link\tlinks read');
for (const n of sizes) {
  const html = `<html><body><ul>${Array.from({ length: n }, (_, i) => `<li><a href="/p${i}">${i}</a></li>`).join('')}</ul></body></html>`;
  const t0 = performance.now();
  const page = buildPageArtifact({ url: 'http://bench.test/', finalUrl: 'http://bench.test/', status: 200, headers: {}, html, depth: 0, fetchedBy: 'http', timing: { startedAt: '', durationMs: 0 } });
  const ms = performance.now() - t0;
  console.log(`${n}\t${(html.length / 1e6).toFixed(1)}\t${ms.toFixed(0)}\t${((ms * 1000) / n).toFixed(1)}\t${page.links.length}`);
}
