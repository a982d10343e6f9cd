// Reads the markup react-dom/server renders: the start tags carrying a data-testid, and their attributes.

export interface RenderedElement {
  readonly tag: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The markup from this element's start tag to the end of the document (its text comes first). */
  readonly rest: string;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', quot: '"', lt: '<', gt: '>', '#x27': "'" };

function decode(text: string): string {
  return text.replace(/&(amp|quot|lt|gt|#x27);/g, (_, name: string) => ENTITIES[name]!);
}

/** Every element whose data-testid is `testId`, in document order. */
export function byTestId(html: string, testId: string): RenderedElement[] {
  const found: RenderedElement[] = [];
  for (const match of html.matchAll(/<([a-z][a-z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attributes: Record<string, string> = {};
    for (const [, name, value] of match[2]!.matchAll(/\s+([^\s=>]+)(?:="([^"]*)")?/g)) {
      attributes[name!] = decode(value ?? '');
    }
    if (attributes['data-testid'] === testId) {
      found.push({ tag: match[1]!, attributes, rest: html.slice(match.index + match[0].length) });
    }
  }
  return found;
}

/** The one element with this data-testid; fails when there are none or several. */
export function one(html: string, testId: string): RenderedElement {
  const found = byTestId(html, testId);
  if (found.length !== 1) throw new Error(`expected one ${testId}, found ${found.length}`);
  return found[0]!;
}

/** The text right after the element's start tag, up to the next tag. */
export function leadingText(element: RenderedElement): string {
  return decode(element.rest.slice(0, element.rest.search(/<|$/)));
}
