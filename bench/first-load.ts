/**
 * First-load size per page from the web build (bench/support/first-load.ts says what is counted):
 * JavaScript and CSS, raw and gzip as served. Exits with 1 when a budgeted page (login, contract
 * page) needs more than FIRST_LOAD_BUDGET_KB of gzip JavaScript.
 *
 *   npm run build:web && npm run bench:first-load
 */
import { FIRST_LOAD_BUDGET_KB, kb, MEASURED_LANGUAGE, measureFirstLoads } from './support/first-load';

const loads = measureFirstLoads();
console.log(
  `First load per route (language: ${MEASURED_LANGUAGE}; budget ${FIRST_LOAD_BUDGET_KB} KB gzip JS)`,
);
console.table(
  loads.map((load) => ({
    route: load.route,
    'JS files': load.jsFiles,
    'JS KB': kb(load.jsBytes),
    'JS KB gzip': kb(load.jsGzipBytes),
    'CSS KB gzip': kb(load.cssGzipBytes),
    budget: load.budgeted ? (load.overBudget ? 'OVER' : 'ok') : '–',
  })),
);
const over = loads.filter((load) => load.overBudget);
if (over.length > 0) {
  console.error(`Over the budget of ${FIRST_LOAD_BUDGET_KB} KB gzip: ${over.map((l) => l.route).join(', ')}`);
  process.exitCode = 1;
}
