/**
 * Adapts the screening service to the identification domain's Screener port: the identity from a
 * verified certificate becomes a ScreeningQuery, and "no list of that kind" becomes the wire's 50004.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import type { Screener } from '../identification/ports.ts';
import { screeningUnavailable } from '../identification/errors.ts';
import { ListsRepository } from './lists-repository.ts';
import { ScreeningService, ScreeningUnavailableError } from './service.ts';
import type { ListKind } from './model.ts';

function kindsOf(kinds: { sanctions: boolean; peps: boolean }): ListKind[] {
  return [...(kinds.sanctions ? ['sanctions' as const] : []), ...(kinds.peps ? ['peps' as const] : [])];
}

function asGatewayError(error: unknown): unknown {
  return error instanceof ScreeningUnavailableError ? screeningUnavailable(error.kind) : error;
}

export async function createScreener(store: Store, config: Config, logger: Logger): Promise<{ screener: Screener; service: ScreeningService; close(): Promise<void> }> {
  const service = new ScreeningService(new ListsRepository(store), {
    ...(config.screening.threshold !== undefined ? { threshold: config.screening.threshold } : {}),
    refreshIntervalMs: config.screening.refreshIntervalMs,
    onError: (error) => logger.error({ event: 'screening_rebuild_failed', err: error instanceof Error ? error.message : String(error) }, 'screening index rebuild failed'),
  });
  await service.start();
  const lists = service.loadedLists();
  logger.info({ event: 'screening_ready', lists: lists.map((l) => ({ name: l.name, kind: l.kind, entries: l.entryCount })) }, 'screening index built');
  const screener: Screener = {
    assertAvailable(kinds) {
      try {
        service.assertAvailable(kindsOf(kinds));
      } catch (error) {
        throw asGatewayError(error);
      }
    },
    async screen(identity, kinds) {
      try {
        return service.screen({
          givenName: identity.givenName,
          surname: identity.surname,
          ...(identity.dateOfBirth ? { dateOfBirth: identity.dateOfBirth } : {}),
          ...(identity.gender ? { gender: identity.gender } : {}),
          country: identity.country,
        }, kindsOf(kinds));
      } catch (error) {
        throw asGatewayError(error);
      }
    },
  };
  return { screener, service, close: async () => service.stop() };
}
