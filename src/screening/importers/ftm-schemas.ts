import type { EntrySchema } from '../model.ts';

/** FollowTheMoney schemata that can be screened, as eidgate's entry schemas (OpenSanctions JSON and CSV). */
export const FTM_SCHEMAS: Readonly<Record<string, EntrySchema>> = {
  Person: 'Person',
  Organization: 'Organization',
  Company: 'Organization',
  LegalEntity: 'Organization',
  PublicBody: 'Organization',
  Vessel: 'Vessel',
  Airplane: 'Aircraft',
};
