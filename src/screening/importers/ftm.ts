/**
 * OpenSanctions / FollowTheMoney entities as JSON lines ({"id","schema","properties":{…},"target",…}).
 *
 * Which entities form the list is decided by their topics: `sanction` for a sanctions list, `role.pep`
 * for a PEP list, so the same export can be imported as both. A PEP's positions come from Occupancy
 * entities (holder → post) pointing at Position entities; associates from Family (person, relative,
 * relationship) and Associate (person, associate, relationship); programmes from Sanction entities.
 *
 * Those relations may appear anywhere in the file, before or after the person, so the file is read in
 * streaming passes instead of being held in memory: the first collects the relation entities, the
 * second (only when there are relations) the names of the related persons, the third yields the list
 * entries. Memory grows with the relations, not with the file.
 */
import { FTM_SCHEMAS } from './ftm-schemas.ts';
import { basename } from 'node:path';
import type { EntryName, EntrySchema, ListEntry, ListKind } from '../model.ts';
import { codeToIso2 } from './countries.ts';
import { isoDate } from './dates.ts';
import { ListFormatError } from './errors.ts';
import { streamJsonLines } from './json-lines.ts';
import type { ListImporter, ParsedList } from './types.ts';
import { singlePath } from './single-path.ts';

export const TOPIC_FOR_KIND: Record<ListKind, string> = { sanctions: 'sanction', peps: 'role.pep' };

export const ftmImporter: ListImporter = {
  format: 'ftm',
  files: 'FollowTheMoney entities, one JSON object per line (e.g. OpenSanctions entities.ftm.json)',
  open(paths, { kind }) {
    const path = singlePath(paths, 'ftm');
    async function* entries() {
      const relations = await collectRelations(path);
      const relatedNames = relations.relatedIds.size === 0 ? new Map<string, string>() : await collectNames(path, relations.relatedIds);
      const topic = TOPIC_FOR_KIND[kind];
      for await (const { value, line } of streamJsonLines(path)) {
        const entity = readEntity(value, line, basename(path));
        if (value['target'] === false || !(entity.props['topics'] ?? []).includes(topic)) continue;
        const schema = FTM_SCHEMAS[entity.schema];
        if (schema === undefined) continue;
        yield toEntry(entity, schema, relations, relatedNames);
      }
    }
    return { entries: entries(), publishedAt: () => undefined } satisfies ParsedList;
  },
};


interface Entity {
  id: string;
  schema: string;
  props: Record<string, string[]>;
  firstSeen?: string;
}

function readEntity(value: Record<string, unknown>, line: number, file: string): Entity {
  const { id, schema, properties } = value;
  if (typeof id !== 'string' || id === '') throw new ListFormatError(file, line, undefined, 'entity has no "id"');
  if (typeof schema !== 'string') throw new ListFormatError(file, line, undefined, `entity ${id} has no "schema"`);
  const props: Record<string, string[]> = {};
  if (properties !== undefined) {
    if (typeof properties !== 'object' || properties === null) throw new ListFormatError(file, line, undefined, `entity ${id}: "properties" is not an object`);
    for (const [name, raw] of Object.entries(properties)) {
      if (!Array.isArray(raw)) throw new ListFormatError(file, line, undefined, `entity ${id}: property "${name}" is not a list`);
      props[name] = raw.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
    }
  }
  const entity: Entity = { id, schema, props };
  if (typeof value['first_seen'] === 'string') entity.firstSeen = value['first_seen'];
  return entity;
}

interface Relations {
  positions: Map<string, { name: string; countries: string[] }>;
  /** holder id → Position ids */
  occupancies: Map<string, string[]>;
  /** person id → related person ids with the relation */
  associates: Map<string, { relation: string; id: string }[]>;
  /** sanctioned entity id → programmes, listing dates */
  sanctions: Map<string, { programs: string[]; startDates: string[] }>;
  relatedIds: Set<string>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

async function collectRelations(path: string): Promise<Relations> {
  const file = basename(path);
  const relations: Relations = { positions: new Map(), occupancies: new Map(), associates: new Map(), sanctions: new Map(), relatedIds: new Set() };
  const relate = (from: string[] | undefined, to: string[] | undefined, relation: string) => {
    for (const a of from ?? []) {
      for (const b of to ?? []) {
        push(relations.associates, a, { relation, id: b });
        relations.relatedIds.add(b);
      }
    }
  };
  for await (const { value, line } of streamJsonLines(path)) {
    const schema = value['schema'];
    if (schema !== 'Position' && schema !== 'Occupancy' && schema !== 'Family' && schema !== 'Associate' && schema !== 'Sanction') continue;
    const { id, props } = readEntity(value, line, file);
    if (schema === 'Position') {
      const name = props['name']?.[0];
      if (name !== undefined) relations.positions.set(id, { name, countries: (props['country'] ?? []).flatMap((c) => codeToIso2(c) ?? []) });
    } else if (schema === 'Occupancy') {
      for (const holder of props['holder'] ?? []) for (const post of props['post'] ?? []) push(relations.occupancies, holder, post);
    } else if (schema === 'Family') {
      // "relationship" names what the relative is to the person (e.g. "Son"); seen from the relative
      // the relation is only known to be family.
      relate(props['person'], props['relative'], props['relationship']?.[0] ?? 'family');
      relate(props['relative'], props['person'], 'family');
    } else if (schema === 'Associate') {
      const relation = props['relationship']?.[0] ?? 'associate';
      relate(props['person'], props['associate'], relation);
      relate(props['associate'], props['person'], relation);
    } else {
      for (const entityId of props['entity'] ?? []) {
        const sanction = relations.sanctions.get(entityId) ?? { programs: [], startDates: [] };
        sanction.programs.push(...(props['program'] ?? props['programId'] ?? props['authority'] ?? []));
        sanction.startDates.push(...(props['startDate'] ?? props['listingDate'] ?? []));
        relations.sanctions.set(entityId, sanction);
      }
    }
  }
  return relations;
}

async function collectNames(path: string, ids: Set<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for await (const { value } of streamJsonLines(path)) {
    const id = value['id'];
    if (typeof id !== 'string' || !ids.has(id)) continue;
    const properties = value['properties'] as Record<string, unknown> | undefined;
    const name = Array.isArray(properties?.['name']) ? properties['name'][0] : undefined;
    const caption = typeof name === 'string' ? name : value['caption'];
    if (typeof caption === 'string') names.set(id, caption);
  }
  return names;
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

function toEntry(entity: Entity, schema: EntrySchema, relations: Relations, relatedNames: Map<string, string>): ListEntry {
  const p = (name: string) => entity.props[name] ?? [];
  const names: EntryName[] = [];
  const add = (full: string, strength: EntryName['strength']) => {
    if (!names.some((n) => n.full === full)) names.push({ full, strength });
  };
  for (const full of p('name')) add(full, names.length === 0 ? 'primary' : 'strong');
  for (const full of [...p('alias'), ...p('previousName')]) add(full, names.length === 0 ? 'primary' : 'strong');
  for (const full of p('weakAlias')) add(full, 'weak');
  const first = p('firstName');
  const last = p('lastName');
  const primary = names[0];
  if (primary !== undefined && schema === 'Person' && first.length === 1 && last.length === 1) {
    primary.given = [first[0]!, ...p('middleName')].join(' ');
    primary.surname = last[0]!;
  }

  const posts = (relations.occupancies.get(entity.id) ?? []).flatMap((id) => relations.positions.get(id) ?? []);
  const sanction = relations.sanctions.get(entity.id);
  const nationality = unique([...p('nationality'), ...p('citizenship')].flatMap((c) => codeToIso2(c) ?? []));
  const country = unique(p('country').flatMap((c) => codeToIso2(c) ?? []));
  const gender = p('gender')[0]?.toLowerCase();

  const entry: ListEntry = {
    id: entity.id,
    schema,
    names,
    datesOfBirth: unique(p('birthDate').flatMap((d) => isoDate(d) ?? [])).map((date) => ({ kind: 'exact', date })),
    placesOfBirth: p('birthPlace'),
    // FtM's "country" is any link to a country; it stands in for nationality only when none is given.
    countries: nationality.length > 0 ? nationality : country,
    documents: unique([...p('idNumber'), ...p('passportNumber')]),
    positions: unique([...p('position'), ...posts.map((post) => post.name)]),
    associates: (relations.associates.get(entity.id) ?? []).flatMap(({ relation, id }) => {
      const name = relatedNames.get(id);
      return name === undefined ? [] : [{ relation, name }];
    }),
    programs: unique([...p('program'), ...(sanction?.programs ?? [])]),
  };
  const activity = unique([...posts.flatMap((post) => post.countries), ...country]);
  if (activity.length > 0) entry.activityCountries = activity;
  if (gender === 'male' || gender === 'female') entry.gender = gender;
  const listedOn = [...(sanction?.startDates ?? []).flatMap((d) => isoDate(d) ?? [])].sort()[0] ?? isoDate(entity.firstSeen);
  if (listedOn !== undefined) entry.listedOn = listedOn;
  const deathDate = isoDate(p('deathDate')[0]);
  if (deathDate !== undefined) entry.dateOfDeath = deathDate;
  const notes = p('notes').join('\n');
  if (notes !== '') entry.remarks = notes;
  return entry;
}
