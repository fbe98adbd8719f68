// Element building without HTML parsing: every string becomes a text node, so
// text from the log (a note "<img src=x onerror=...>") shows as characters.

// el('a', {href: '#/x', class: 'link'}, 'text', child, [more, children]).
// Attributes: functions and `on…` names become properties (onclick = fn);
// `class`/`className` sets className; `dataset` takes an object; null,
// undefined and false are left out; true sets an empty attribute.
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function' || name.startsWith('on')) {
      if (typeof value !== 'function') throw new TypeError(`el: ${name} must be a function`);
      node[name] = value;
    } else if (name === 'class' || name === 'className') {
      node.className = String(value);
    } else if (name === 'dataset') {
      for (const [k, v] of Object.entries(value)) node.dataset[k] = String(v);
    } else if (name === 'value' || name === 'checked' || name === 'selected') {
      node[name] = value;
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

// Appends children: strings and numbers as text, nodes as they are, arrays
// flattened, null/undefined/false skipped.
export function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (typeof child === 'string' || typeof child === 'number' || typeof child === 'bigint') {
      node.appendChild(document.createTextNode(String(child)));
    } else node.appendChild(child);
  }
  return node;
}

// Removes every child of `node`.
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}
