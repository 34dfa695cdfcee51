// A cookie-keeping client over the Hono app's own request(), for the review
// UI's tests without a network or a browser.
import type { Hono } from 'hono';
import type { Env } from '../../src/ui/http.ts';

export interface Reply { status: number; headers: Headers; text: string; location: string | null }

export class UiClient {
  readonly cookies = new Map<string, string>();
  readonly #app: Hono<Env>;
  readonly #ip: string;

  constructor(app: Hono<Env>, ip = '10.0.0.7') {
    this.#app = app;
    this.#ip = ip;
  }

  async request(path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Reply> {
    const headers: Record<string, string> = { host: '127.0.0.1:8080', ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin ??= 'http://127.0.0.1:8080';
    }
    const env = { incoming: { socket: { remoteAddress: this.#ip } } };
    const res = await this.#app.request(`http://127.0.0.1:8080${path}`, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body }, env as never);
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
  }

  get(path: string, headers?: Record<string, string>): Promise<Reply> {
    return this.request(path, { headers });
  }

  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<Reply> {
    return this.request(path, { form, headers });
  }

  /** The CSRF token of the form on a page. */
  static csrf(html: string): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error('no CSRF field on the page');
    return m[1];
  }

  async login(username: string, password: string): Promise<Reply> {
    const form = await this.get('/login');
    return this.post('/login', { _csrf: UiClient.csrf(form.text), username, password, next: '/' });
  }
}
