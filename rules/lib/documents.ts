// Documents, images and figures: report files, charts and the numbers results are written in.
import { ancestors, type Element } from '../../crawlers/dom.ts';

export const REPORT_FILE = /\.(pdf|xlsx?|csv|docx?|pptx?|ods|odt|zip)(\?|$)/i;

export const IMAGE_FILE = /\.(png|jpe?g|gif|svg|webp)(\?|$)/i;

/**
 * An image wrapped in a link to another page is a thumbnail, banner or news
 * teaser; a chart is shown as is or links to its own full-size file.
 */
export function isThumbnailLink(el: Element): boolean {
  const link = ancestors(el).find((a) => a.name === 'a' && a.attribs.href);
  return !!link && !IMAGE_FILE.test(link.attribs.href) && !REPORT_FILE.test(link.attribs.href);
}

/** Digits that read as a figure: a percentage or a number with at least one digit. */
export const FIGURE = /\d+(\.\d+)?\s?(%|٪|درصد|percent)?/;

// normalize() leaves the Arabic percent sign (U+066A) alone, and RTL text
// often puts the sign first («%۶۸»).
export const PERCENT = /\d+(\.\d+)?\s?(%|٪|درصد|percent)|[%٪]\s?\d/;
