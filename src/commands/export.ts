import { writeFileSync, renameSync } from 'node:fs';
import { MODEL } from '../../rules/catalog.ts';
import { UserError } from '../errors.ts';
import { buildExport } from '../report/json.ts';
import { openStoreReadOnly } from '../store/db.ts';
import { type Command, dbPath, parse } from './common.ts';

const FORMATS = ['json'];

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write a run\'s results (JSON, schema portal-audit/export@1).',
  usage: `Usage: portal-audit export [options]

Writes the results of one run. JSON follows schema portal-audit/export@1 and
goes to standard output unless --out is given.

Options:
  --db FILE           SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  --run latest|ID     which run (default latest: the newest completed run)
  --format json       output format (default json)
  --out FILE          write to FILE instead of standard output
  -h, --help          show this help`,
  async run(argv, io) {
    const { values } = parse(argv, { db: { type: 'string' }, run: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } }, 'export');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    const format = values.format ?? 'json';
    if (!FORMATS.includes(format)) throw new UserError(`--format ${format}: not supported; use one of ${FORMATS.join(', ')}.`);
    const db = openStoreReadOnly(dbPath(values.db, io.env));
    try {
      const text = JSON.stringify(buildExport(db, values.run ?? 'latest', MODEL.minCoverage), null, 2) + '\n';
      if (values.out) {
        // Write whole or not at all.
        writeFileSync(`${values.out}.tmp`, text);
        renameSync(`${values.out}.tmp`, values.out);
      } else {
        io.out(text);
      }
    } finally {
      db.close();
    }
    return 0;
  },
};
