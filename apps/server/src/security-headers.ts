import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

type Directives = Record<string, string[]>;

/** The storefront is Vite's build: scripts, styles and fetches all from this origin, nothing inline. */
const storefrontDirectives: Directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  // the favicon is `data:,`
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * helmet's headers for these options, worked out once. Its middleware (and @fastify/helmet,
 * which builds one per request) parses the policy again for every answer: a few percent of a
 * small API call's CPU, for headers that are the same every time.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * CSP, nosniff, frame and referrer headers on every answer. No upgrade-insecure-requests: TLS
 * ends at the proxy in front, and on plain http (development, the browser tests) it would
 * send the storefront's own asset requests to an https port nobody listens on.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const headers = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: storefrontDirectives },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

const monacoFromCdn = 'https://cdn.jsdelivr.net/npm/monaco-editor@';

/**
 * The panel (trpc-ui) is one page with an inline script, admitted by its hash. It needs more
 * than the storefront: its forms validate through Ajv, which compiles schemas with `new
 * Function` ('unsafe-eval'), its components inject styles at run time, and its JSON editor
 * (Monaco) loads from jsDelivr into a blob worker. It is a tool for developers and admins, and
 * production serves it to signed-in admins only.
 */
export function panelPolicy(html: string): string {
  const scriptHashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    ([, body = '']) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
  );
  const directives: Directives = {
    ...storefrontDirectives,
    scriptSrc: ["'self'", ...scriptHashes, "'unsafe-eval'", monacoFromCdn],
    styleSrc: ["'self'", "'unsafe-inline'", monacoFromCdn],
    fontSrc: ["'self'", monacoFromCdn],
    workerSrc: ["'self'", 'blob:'],
  };
  return Object.entries(directives)
    .map(
      ([name, values]) =>
        `${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} ${values.join(' ')}`,
    )
    .join('; ');
}
