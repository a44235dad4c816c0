/** Reading rendered cards the way a user meets them: the buttons, the texts, the inputs. */
type Node = { [key: string]: unknown };

export function walk(value: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (typeof value === 'object' && value !== null) {
    visit(value as Node);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

export function findAll(card: unknown, predicate: (node: Node) => boolean): Node[] {
  const found: Node[] = [];
  walk(card, (node) => {
    if (predicate(node)) found.push(node);
  });
  return found;
}

/** Every action on the card, buttons in ActionSets and the refresh action included. */
export function actionsOf(card: unknown): Node[] {
  return findAll(card, (node) => typeof node.type === 'string' && node.type.startsWith('Action.'));
}

export function buttonTitles(card: unknown): string[] {
  return actionsOf(card)
    .map((action) => action.title)
    .filter((title): title is string => typeof title === 'string');
}

export function verbsOf(card: unknown): string[] {
  return actionsOf(card)
    .filter((action) => action.type === 'Action.Execute')
    .map((action) => String(action.verb));
}

/** All visible text, in order, joined by newlines (TextBlocks, TextRuns, facts, choices, input labels). */
export function textOf(card: unknown): string {
  const texts: string[] = [];
  walk(card, (node) => {
    for (const key of ['text', 'title', 'value', 'label']) {
      const value = node[key];
      if (typeof value === 'string') texts.push(value);
    }
  });
  return texts.join('\n');
}

export function inputsOf(card: unknown): Node[] {
  return findAll(card, (node) => typeof node.type === 'string' && node.type.startsWith('Input.'));
}
