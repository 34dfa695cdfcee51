// Layout tables: old portals lay the whole page out in one <table>; its cells are the page's columns, not rows of data.
import { ancestors, type CheerioAPI, type Element } from '../../crawlers/dom.ts';

/** What a cell of data does not hold: a heading, a list, a form, a nested table, a ticker, a box of blocks. */
const BLOCK_CONTENT = 'h1,h2,h3,h4,h5,h6,ul,ol,dl,form,table,marquee,div div,div p';

/** The table's own cells (not those of a table nested in them). */
function ownCells($: CheerioAPI, table: Element): Element[] {
  return $(table).find('td,th').toArray().filter((c) => $(c).closest('table')[0] === table);
}

/**
 * True for a table used to lay out the page rather than to hold data: marked
 * presentational, or a cell of its own holds headings, lists, forms or boxes
 * of blocks. A row of it is a band of the page, not an entry of a list.
 */
export function isLayoutTable($: CheerioAPI, table: Element): boolean {
  const role = table.attribs.role ?? '';
  if (role === 'presentation' || role === 'none') return true;
  return ownCells($, table).some((c) => $(c).find(BLOCK_CONTENT).length > 0);
}

/** True for a row or cell of a layout table: its columns are page content, not a record. */
export function isLayoutCell($: CheerioAPI, el: Element): boolean {
  if (el.name !== 'tr' && el.name !== 'td' && el.name !== 'th') return false;
  const table = ancestors(el).find((a) => a.name === 'table');
  return !!table && isLayoutTable($, table);
}
