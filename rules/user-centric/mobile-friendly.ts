// Mobile-friendly: a viewport meta tag that follows the device width, and no
// sideways scrolling at 375 px (the browser's own measurement of the home page).
// Scrolling sideways fails whatever the tag says: the measurement is what a
// citizen on a phone meets; a page that fits without the tag is partial.
import { defineRule, result } from '../../src/engine/define-rule.ts';

/** Tolerate a pixel of rounding. */
const SLACK_PX = 1;

export default defineRule({
  id: 'mobile-friendly',
  pillar: 'user-centric',
  title: { fa: 'درگاه برای موبایل مناسب است', en: 'The portal is mobile-friendly' },
  messages: {
    ok: { fa: 'viewport تنظیم است و در عرض {width} پیکسل پیمایش افقی ندارد', en: 'Viewport set, and no sideways scrolling at {width} px' },
    'no-viewport': { fa: 'تگ viewport با width=device-width وجود ندارد', en: 'No viewport meta tag with width=device-width' },
    'scrolls-sideways': { fa: 'در عرض {width} پیکسل، صفحه {scrollWidth} پیکسل پهنا دارد', en: 'At {width} px the page is {scrollWidth} px wide and scrolls sideways' },
    neither: { fa: 'نه viewport دارد و نه در عرض {width} پیکسل جا می‌شود', en: 'No viewport tag, and the page does not fit {width} px' },
    'not-measured': { fa: 'بررسی موبایل انجام نشد: {error}', en: 'The phone-width check did not run: {error}' },
  },
  needs: ['home'],
  evaluate(site) {
    const m = site.mobile;
    if (!m || m.error || m.scrollWidth === null) return result.needsReview([], 'not-measured', { error: m?.error ?? 'not run' });
    const viewport = /width\s*=\s*device-width/i.test(m.viewportMeta ?? '');
    const fits = m.scrollWidth <= m.viewportWidth + SLACK_PX;
    const data = { width: m.viewportWidth, scrollWidth: m.scrollWidth, viewportMeta: m.viewportMeta };
    const evidence = [{ pageUrl: m.url, selector: null, snippet: `viewport: ${m.viewportMeta ?? '(none)'} · ${m.scrollWidth}px / ${m.viewportWidth}px`, attachment: 'mobile' as const }];
    if (viewport && fits) return result.pass(evidence, 'ok', data);
    if (!fits) return result.fail(viewport ? 'scrolls-sideways' : 'neither', data, evidence);
    return result.partial(0.5, evidence, 'no-viewport', data);
  },
});
