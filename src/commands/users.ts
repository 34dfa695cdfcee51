import { em, UserError } from '../errors.ts';
import { tu } from '../i18n/ui.ts';
import { openStore } from '../store/db.ts';
import { insertUser, listUsers, removeUser, ROLES, setPassword, USERNAME, type Role } from '../store/users.ts';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, passwordProblem } from '../ui/auth/password.ts';
import { type Command, type Io, dbPath, parse } from './common.ts';

const USAGE = `Usage: portal-audit users add NAME --role viewer|evaluator|admin [--password-stdin | --generate-password] [--db FILE]
       portal-audit users passwd NAME [--password-stdin | --generate-password] [--db FILE]
       portal-audit users remove NAME [--db FILE]
       portal-audit users list [--db FILE]

Local accounts of the review UI (serve). Roles: viewer reads; evaluator also
reviews findings; admin also manages accounts (here or on the UI's Accounts
page). Names are lower-case: a-z, 0-9, dot, dash, underscore.

A password is never taken from the command line (it would show in the
process list and the shell history): --password-stdin reads it from the
first line of standard input; --generate-password makes a random one and
prints it once; with neither, a terminal is asked for it twice, unechoed.
At least ${MIN_PASSWORD_LENGTH} characters. Passwords are hashed with scrypt. Changing a password
or removing an account ends its sessions; its reviews are kept.

Options:
  --db FILE             SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  --role ROLE           with add: viewer, evaluator or admin
  --password-stdin      read the password from standard input
  --generate-password   generate a random password and print it
  -h, --help            show this help

Example: printf '%s\\n' "$PASSWORD" | portal-audit users add maryam --role evaluator --password-stdin`;

const SUBCOMMANDS = ['add', 'passwd', 'remove', 'list'];
const FLAGS = { db: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' }, 'generate-password': { type: 'boolean' } } as const;

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string, io: Io): Promise<string> {
  const stdin = process.stdin;
  io.err(question);
  return new Promise((resolve, reject) => {
    let text = '';
    stdin.setRawMode(true);
    stdin.resume();
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      io.err('\n');
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UserError(em('users.cancelled')));
        if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('');
        else text += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(values: { 'password-stdin'?: boolean; 'generate-password'?: boolean }, name: string, io: Io): Promise<string> {
  if (values['password-stdin'] && values['generate-password']) throw new UserError(em('users.passwordSource'));
  let password: string;
  if (values['generate-password']) {
    password = generatePassword();
    io.out(tu(io.lang, 'users.cli.generated', { user: name, password }) + '\n');
    return password;
  }
  if (values['password-stdin']) password = await readStdinLine();
  else if (process.stdin.isTTY) {
    password = await promptHidden(tu(io.lang, 'users.cli.prompt', { user: name }), io);
    if ((await promptHidden(tu(io.lang, 'users.cli.again'), io)) !== password) throw new UserError(em('users.passwordsDiffer'));
  } else {
    throw new UserError(em('users.notTty'));
  }
  const problem = passwordProblem(password);
  if (problem) throw new UserError(problem === 'short' ? em('users.passwordShort', { min: MIN_PASSWORD_LENGTH }) : em('users.passwordLong'));
  return password;
}

function nameArg(positionals: string[], sub: string): string {
  if (positionals.length !== 2) throw new UserError(em('users.oneName', { sub }));
  const name = positionals[1].toLowerCase();
  if (!USERNAME.test(name)) throw new UserError(em('users.badName', { sub, name: positionals[1] }));
  return name;
}

export const usersCommand: Command = {
  name: 'users',
  summary: 'Manage the review UI\'s accounts: add, passwd, remove, list.',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(argv, FLAGS, 'users', true);
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    const [sub] = positionals;
    if (!SUBCOMMANDS.includes(sub)) throw new UserError(sub ? em('users.subcommand', { sub }) : em('users.noSubcommand'));
    if (values.role !== undefined && sub !== 'add') throw new UserError(em('users.roleAddOnly'));
    const name = sub === 'list' ? '' : nameArg(positionals, sub);
    let role: Role = 'viewer';
    if (sub === 'add') {
      if (!values.role || !ROLES.includes(values.role as Role)) throw new UserError(em('users.role', { roles: ROLES.join('|') }));
      role = values.role as Role;
    }
    // Read the password before opening the store: a bad password writes nothing.
    const hash = sub === 'add' || sub === 'passwd' ? await hashPassword(await readPassword(values, name, io)) : '';
    const db = openStore(dbPath(values.db, io.env));
    try {
      if (sub === 'list') {
        for (const u of listUsers(db)) io.out(`${u.username}\t${u.role}\t${u.createdAt}\n`);
        return 0;
      }
      if (sub === 'add' && !insertUser(db, name, role, hash)) throw new UserError(em('users.exists', { name }));
      if (sub === 'passwd' && !setPassword(db, name, hash)) throw new UserError(em('users.noAccountPasswd', { name }));
      if (sub === 'remove' && !removeUser(db, name)) throw new UserError(em('users.noAccountRemove', { name }));
      io.out(tu(io.lang, `users.cli.${sub as 'add' | 'passwd' | 'remove'}`, { user: name, role }) + '\n');
      return 0;
    } finally {
      db.close();
    }
  },
};
