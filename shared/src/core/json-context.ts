// Where the next value stands in a TJSON message, for its reader and its writer:
// what separates the value from the one before (a comma, a colon or nothing), and
// whether it is an object key, which TJSON writes in quotes even when it is a
// number (map keys, field ids). Tables, so the reader and the writer cannot differ.

/** Outside any array or object: the message itself. */
export const TOP = 0;
/** The first element of an array. */
export const FIRST_ELEMENT = 1;
/** A later element of an array: after a comma. */
export const ELEMENT = 2;
/** The first key of an object. */
export const FIRST_KEY = 3;
/** The value of an object member: after a colon. */
export const VALUE = 4;
/** A later key of an object: after a comma. */
export const KEY = 5;

export type Context = typeof TOP | typeof FIRST_ELEMENT | typeof ELEMENT | typeof FIRST_KEY | typeof VALUE | typeof KEY;

/** What precedes a value, by its context. */
export const separators: readonly string[] = ["", "", ",", "", ":", ","];

/** The same, as a byte, or -1 for nothing. */
export const separatorBytes: readonly number[] = separators.map((s) => (s === "" ? -1 : s.charCodeAt(0)));

/** The context of the value after one in each context. */
export const nextContexts: readonly Context[] = [TOP, ELEMENT, ELEMENT, VALUE, KEY, VALUE];

/** Whether a value in each context is an object key. */
export const isKey: readonly boolean[] = [false, false, false, true, false, true];
