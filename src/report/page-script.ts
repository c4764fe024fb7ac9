/**
 * The page's only script, allowed by its hash in the CSP. It reads data attributes and sets
 * textContent and classes only (no innerHTML, no eval): sortable and filterable tables, and a
 * tooltip for the timeline's bars.
 */
export const PAGE_SCRIPT = `(() => {
  'use strict';
  const tip = document.getElementById('tip');
  document.addEventListener('mouseover', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-tip]') : null;
    if (tip === null) return;
    if (target === null) { tip.hidden = true; return; }
    tip.textContent = target.getAttribute('data-tip');
    tip.hidden = false;
  });
  document.addEventListener('mousemove', (event) => {
    if (tip === null || tip.hidden) return;
    tip.style.left = (event.clientX + 14) + 'px';
    tip.style.top = (event.clientY + 14) + 'px';
  });
  for (const table of document.querySelectorAll('table.sortable')) {
    const body = table.tBodies[0];
    if (body === undefined) continue;
    const heads = Array.from(table.tHead?.rows[0]?.cells ?? []);
    heads.forEach((th, column) => {
      th.addEventListener('click', () => {
        const numeric = th.classList.contains('num');
        const descending = th.getAttribute('aria-sort') === 'ascending';
        heads.forEach((other) => other.removeAttribute('aria-sort'));
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        const key = (row) => {
          const cell = row.cells[column];
          const value = cell === undefined ? '' : (cell.getAttribute('data-v') ?? cell.textContent ?? '');
          return numeric ? (value === '' ? -Infinity : Number(value)) : value.toLowerCase();
        };
        const rows = Array.from(body.rows);
        rows.sort((a, b) => { const x = key(a), y = key(b); const order = x < y ? -1 : x > y ? 1 : 0; return descending ? -order : order; });
        for (const row of rows) body.appendChild(row);
      });
    });
  }
  for (const form of document.querySelectorAll('form.filters')) {
    const table = document.getElementById(form.getAttribute('data-table') ?? '');
    const count = form.querySelector('.shown');
    if (table === null) continue;
    const apply = () => {
      const tests = [];
      for (const control of form.querySelectorAll('[name]')) {
        const value = control.value.toLowerCase();
        if (value !== '') tests.push({ name: 'data-' + control.getAttribute('name'), value, exact: control.tagName === 'SELECT' });
      }
      let shown = 0;
      // Direct rows only: a row's own tables (its headers) are not filtered.
      for (const row of table.tBodies[0]?.rows ?? []) {
        let keep = true;
        for (const test of tests) {
          const have = (row.getAttribute(test.name) ?? '').toLowerCase();
          if (test.exact ? have !== test.value : !have.includes(test.value)) keep = false;
        }
        row.hidden = !keep;
        if (keep) shown++;
      }
      if (count !== null) count.textContent = String(shown);
    };
    form.addEventListener('input', apply);
    form.addEventListener('submit', (event) => event.preventDefault());
  }
})();`;
