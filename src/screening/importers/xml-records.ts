/**
 * Streams an XML file and hands out one small element tree per record (an INDIVIDUAL, an sdnEntry,
 * a sanctionEntity), so a list of hundreds of MB is parsed with memory bounded by one record.
 * saxes is a push parser: each chunk read from disk is written to it, and the records completed by
 * that chunk are yielded before the next chunk is read.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { SaxesParser } from 'saxes';
import { ListFormatError } from './errors.ts';

export interface XmlElement {
  /** Local name (namespace prefix removed: OFAC and EU files use a default namespace). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** Line where the element opened, for error messages. */
  line: number;
}

export interface XmlRecordStreamOptions {
  /** The local name the document element must have; anything else is the wrong file or format. */
  rootName: string;
  /** Local names of the elements handed out whole. */
  recordNames: ReadonlySet<string>;
  /** Called with the document element's attributes before any record. */
  onRoot?: (attributes: Record<string, string>) => void;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

export async function* streamXmlRecords(path: string, options: XmlRecordStreamOptions): AsyncGenerator<XmlElement> {
  const file = basename(path);
  const parser = new SaxesParser({ position: true });
  const ready: XmlElement[] = [];
  // The open elements of the record being built; empty while between records.
  const stack: XmlElement[] = [];
  let sawRoot = false;

  const fail = (detail: string): never => {
    throw new ListFormatError(file, parser.line, parser.column, detail);
  };
  parser.on('error', (error) => {
    // saxes prefixes its message with "line:column: "; the position is reported our way instead.
    fail(error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, ''));
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (!sawRoot) {
      sawRoot = true;
      if (name !== options.rootName) fail(`expected root element <${options.rootName}>, found <${name}>`);
      options.onRoot?.(stringAttributes(tag));
      return;
    }
    if (stack.length === 0 && !options.recordNames.has(name)) return;
    const element: XmlElement = { name, attributes: stringAttributes(tag), children: [], text: '', line: parser.line };
    stack.at(-1)?.children.push(element);
    stack.push(element);
  });
  parser.on('text', (text) => {
    const current = stack.at(-1);
    if (current !== undefined) current.text += text;
  });
  parser.on('cdata', (text) => {
    const current = stack.at(-1);
    if (current !== undefined) current.text += text;
  });
  parser.on('closetag', () => {
    if (stack.length === 0) return;
    const element = stack.pop()!;
    element.text = element.text.trim();
    if (stack.length === 0) ready.push(element);
  });

  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of input) {
      parser.write(chunk as string);
      for (const record of ready) yield record;
      ready.length = 0;
    }
    if (!sawRoot) fail('no XML document element (empty or not an XML file)');
    parser.close();
    for (const record of ready) yield record;
  } finally {
    input.destroy();
  }
}

function stringAttributes(tag: { attributes: Record<string, unknown> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(tag.attributes)) out[localName(name)] = String(value);
  return out;
}

/** Helpers for reading a record tree without repeating null checks in every importer. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** Trimmed text of the named child, or undefined when absent or empty. */
export function childText(element: XmlElement, name: string): string | undefined {
  const text = child(element, name)?.text;
  return text === undefined || text === '' ? undefined : text;
}

/** Texts of the VALUE children of the named wrapper (UN's TITLE/NATIONALITY/DESIGNATION shape). */
export function values(element: XmlElement, wrapper: string): string[] {
  const holder = child(element, wrapper);
  if (holder === undefined) return [];
  return children(holder, 'VALUE').map((v) => v.text).filter((t) => t !== '');
}

/** Non-empty attribute value, or undefined. */
export function attr(element: XmlElement, name: string): string | undefined {
  const value = element.attributes[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
