/**
 * Session-finished events across instances, over PostgreSQL LISTEN/NOTIFY: a status request waiting
 * on instance A wakes when instance B's poller finishes the session. Local waiters are woken directly,
 * so a lost notification (e.g. while the listening connection reconnects) only delays a waiter until
 * its `wait` ends, when it reads the store anyway.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { InProcessSessionEvents, type SessionChangeListener, type SessionEvents } from './session-events.ts';

const CHANNEL = 'eidgate_session_finished';
const RECONNECT_MS = 1000;

export class PgSessionEvents implements SessionEvents {
  private readonly local = new InProcessSessionEvents();
  private listener: pg.Client | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private everConnected = false;

  private constructor(
    private readonly connectionString: string,
    private readonly notify: (token: string) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** `notify` sends a NOTIFY through the application's pool, inside no transaction. */
  static async start(connectionString: string, notify: (channel: string, token: string) => Promise<void>, logger: Logger): Promise<PgSessionEvents> {
    const events = new PgSessionEvents(connectionString, (token) => notify(CHANNEL, token), logger);
    await events.listen();
    return events;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) this.local.deliver(message.payload);
    });
    client.on('error', (error) => {
      this.logger.warn({ event: 'session_events_connection_lost', err: error.message }, 'LISTEN connection lost; reconnecting');
      this.scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    // Between the lost connection and this one, other instances' events went unheard.
    if (this.listener === undefined && this.everConnected) this.local.reset();
    this.everConnected = true;
    this.listener = client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.listen().catch(() => this.scheduleReconnect());
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }

  publishFinished(token: string): void {
    this.local.publishFinished(token);
    this.notify(token).catch((error: unknown) =>
      this.logger.warn({ event: 'session_event_notify_failed', err: error instanceof Error ? error.message : String(error) }, 'NOTIFY failed'));
  }

  waitForFinish(token: string, ms: number, signal?: AbortSignal): Promise<boolean> {
    return this.local.waitForFinish(token, ms, signal);
  }

  onChange(listener: SessionChangeListener): void {
    this.local.onChange(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => undefined);
    await this.local.close();
  }
}
