/**
 * EidgateClient: configuration in one place, and the API areas as properties (`client.mobile`).
 */
import { MobileApi } from './mobile.ts';
import { Transport, type Locale } from './transport.ts';

export interface EidgateClientOptions {
  /**
   * Where the gateway is, e.g. `https://eidgate.example.com`. In a browser it may be relative
   * (`/api/eidgate`): your own server-side proxy, which adds the access token.
   */
  baseUrl: string;
  /**
   * The API access token, sent in the JSON body as `access_token`. Leave it out when a proxy adds
   * it — and never give one to code that runs in a browser.
   */
  accessToken?: string;
  /**
   * Language of the gateway's error messages: `en` (default: the SDK's messages are read by
   * developers) uses the `/en` paths, `lt` the gateway's Lithuanian default paths.
   */
  locale?: Locale;
  /** How long one request may take beyond the time it asks the gateway to wait, in ms. Default 15 000. */
  timeoutMs?: number;
  /** A fetch implementation (tests, instrumentation, a custom agent). Default: the global fetch. */
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export class EidgateClient {
  readonly mobile: MobileApi;

  constructor(options: EidgateClientOptions) {
    const fetchImplementation = options.fetch ?? globalThis.fetch;
    if (typeof fetchImplementation !== 'function') throw new TypeError('no fetch available: pass options.fetch');
    const transport = new Transport({
      baseUrl: options.baseUrl,
      accessToken: options.accessToken,
      locale: options.locale ?? 'en',
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // Called detached: browsers throw "Illegal invocation" when window.fetch runs with another `this`.
      fetch: (input, init) => fetchImplementation(input, init),
    });
    this.mobile = new MobileApi(transport);
  }
}
