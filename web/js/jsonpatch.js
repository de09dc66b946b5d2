// RFC 6902 JSON Patch: applying another collaborator's operations, and the operations that turn
// one document into another (what this page sends when its user edits).

function escape(key) { return String(key).replace(/~/g, '~0').replace(/\//g, '~1'); }
function unescape(token) { return token.replace(/~1/g, '/').replace(/~0/g, '~'); }

/** Deep equality of two JSON values. */
export function equal(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((value, index) => equal(value, b[index]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && equal(a[key], b[key]));
}

function isObject(value) { return value !== null && typeof value === 'object' && !Array.isArray(value); }

/** The operations that turn `from` into `to` (replace at the deepest path that differs). */
export function diff(from, to, path = '', operations = []) {
  if (equal(from, to)) return operations;
  if (isObject(from) && isObject(to)) {
    for (const key of Object.keys(from)) if (!(key in to)) operations.push({ op: 'remove', path: path + '/' + escape(key) });
    for (const key of Object.keys(to)) {
      if (!(key in from)) operations.push({ op: 'add', path: path + '/' + escape(key), value: to[key] });
      else diff(from[key], to[key], path + '/' + escape(key), operations);
    }
    return operations;
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    from.forEach((value, index) => diff(value, to[index], path + '/' + index, operations));
    return operations;
  }
  operations.push({ op: 'replace', path, value: to });
  return operations;
}

function tokens(pointer) {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error('a JSON pointer starts with /: ' + pointer);
  return pointer.slice(1).split('/').map(unescape);
}

function locate(document, pointer) {
  const parts = tokens(pointer);
  const last = parts.pop();
  let parent = document;
  for (const part of parts) {
    parent = Array.isArray(parent) ? parent[Number(part)] : parent?.[part];
    if (parent === undefined) throw new Error('no value at ' + pointer);
  }
  return { parent, key: last };
}

function read(document, pointer) {
  let value = document;
  for (const part of tokens(pointer)) {
    value = Array.isArray(value) ? value[Number(part)] : value?.[part];
    if (value === undefined) throw new Error('no value at ' + pointer);
  }
  return value;
}

function put(document, pointer, value, insert) {
  if (pointer === '') return value;
  const { parent, key } = locate(document, pointer);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (insert) parent.splice(index, 0, value); else parent[index] = value;
  } else {
    parent[key] = value;
  }
  return document;
}

function take(document, pointer) {
  const { parent, key } = locate(document, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1); else delete parent[key];
  return document;
}

/** Applies `operations` to a copy of `document`; throws when one does not apply. */
export function apply(document, operations) {
  let result = structuredClone(document);
  for (const operation of operations) {
    switch (operation.op) {
      case 'add': result = put(result, operation.path, structuredClone(operation.value), true); break;
      case 'replace': read(result, operation.path); result = put(result, operation.path, structuredClone(operation.value), false); break;
      case 'remove': read(result, operation.path); result = take(result, operation.path); break;
      case 'move': { const value = read(result, operation.from); result = take(result, operation.from); result = put(result, operation.path, value, true); break; }
      case 'copy': result = put(result, operation.path, structuredClone(read(result, operation.from)), true); break;
      case 'test': if (!equal(read(result, operation.path), operation.value)) throw new Error('test failed at ' + operation.path); break;
      default: throw new Error('unknown operation ' + operation.op);
    }
  }
  return result;
}
