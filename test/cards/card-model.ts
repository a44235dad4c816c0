/**
 * Checks a card against the Adaptive Cards 1.5 object model of the official renderer (`adaptivecards`), which
 * parses and validates without a DOM. It reports unknown element and action types, invalid enum values and
 * failed property validation; it silently drops properties it does not know, so we also compare the card
 * with the library's re-serialisation of it and report every property that did not survive.
 */
import * as AC from 'adaptivecards';

export function findCardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  for (let index = 0; index < context.eventCount; index++) {
    const event = context.getEventAt(index);
    problems.push(`parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push(`validate: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  const reserialised = parsed.toJSON(new AC.SerializationContext(AC.Versions.v1_5));
  problems.push(...findDroppedProperties(card, reserialised, '$'));
  return problems;
}

/** Paths present in `original` but missing from `copy`; empty strings and arrays count as absent. */
function findDroppedProperties(original: unknown, copy: unknown, path: string): string[] {
  if (Array.isArray(original)) {
    const list = Array.isArray(copy) ? copy : [];
    return original.flatMap((item, index) => findDroppedProperties(item, list[index], `${path}[${index}]`));
  }
  if (typeof original !== 'object' || original === null) return [];
  const target = typeof copy === 'object' && copy !== null ? (copy as Record<string, unknown>) : {};
  return Object.entries(original).flatMap(([key, value]) => {
    if (value === '' || (Array.isArray(value) && value.length === 0)) return [];
    if (!(key in target)) return [`dropped: ${path}.${key} is not part of the 1.5 object model`];
    return findDroppedProperties(value, target[key], `${path}.${key}`);
  });
}
