// DOM helpers: text-only rendering (textContent, never innerHTML) and keyed updates in place, so a redraw every 250 ms
// keeps the element that has keyboard focus (replacing it would drop focus back to the page).

export const el = (id) => document.getElementById(id);

export function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Writes only what changed: an unchanged text is not touched (no mutation, no reflow, no screen reader chatter).
export function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) node.textContent = value;
}

export function setAttr(node, name, value) {
  const text = String(value);
  if (node.getAttribute(name) !== text) node.setAttribute(name, text);
}

// Makes container's children the nodes of items, in order: a node is created once per key, updated in place after,
// and moved only when the order changed.
export function sync(container, items, keyOf, create, update) {
  const existing = new Map();
  for (const child of container.children) existing.set(child.dataset.key, child);
  const wanted = items.map((item) => {
    const key = String(keyOf(item));
    let node = existing.get(key);
    if (!node) {
      node = create(item);
      node.dataset.key = key;
    }
    update(node, item);
    return node;
  });
  const kept = new Set(wanted);
  for (const node of existing.values()) if (!kept.has(node)) node.remove();
  wanted.forEach((node, index) => {
    const at = container.children[index] ?? null;
    if (at !== node) container.insertBefore(node, at);
  });
}

// Enter or Space on a focusable non-button element acts like a click, as on a button.
export function onActivate(node, action) {
  node.addEventListener("click", action);
  node.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      action();
    }
  });
}
