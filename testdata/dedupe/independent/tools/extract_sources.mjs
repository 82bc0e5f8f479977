// Extracts the name lists used by build.py from two npm packages into plain
// text files (one name a line, in the package's own order) under sources/.
//
// Run from this folder after unpacking the packages (see README.md):
//   npm pack @faker-js/faker@10.6.0 chance@1.1.13   (in a scratch dir D)
//   tar xzf faker-js-faker-10.6.0.tgz -C D/faker; tar xzf chance-1.1.13.tgz -C D/chance
//   node tools/extract_sources.mjs D
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const dir = process.argv[2];
if (!dir) { console.error('usage: node tools/extract_sources.mjs <scratch dir>'); process.exit(2); }

const fakerLocales = ['en', 'pl', 'ro', 'cs_CZ', 'sk', 'uk', 'ru', 'lv', 'hu', 'tr',
  'ku_kmr_latin', 'en_NG', 'yo_NG', 'en_GH', 'en_IN'];
const parts = [
  ['first_name', 'male', 'given_male'], ['first_name', 'female', 'given_female'],
  ['first_name', 'generic', 'given_any'],
  ['last_name', 'generic', 'family'], ['last_name', 'male', 'family_male'],
  ['last_name', 'female', 'family_female'],
];
mkdirSync('sources/faker', { recursive: true });
for (const loc of fakerLocales) {
  const m = await import(`${dir}/faker/package/dist/locale/${loc}.js`);
  const person = m.faker.rawDefinitions.person;
  for (const [a, b, name] of parts) {
    const list = person[a]?.[b];
    if (!Array.isArray(list)) continue;
    const header = `# @faker-js/faker 10.6.0, dist/locale/${loc}.js, person.${a}.${b} (MIT, see LICENSES/faker-js-faker.txt)\n`;
    writeFileSync(`sources/faker/${loc}.${name}.txt`, header + list.join('\n') + '\n');
  }
}

const require = createRequire(import.meta.url);
const Chance = require(`${dir}/chance/package/chance.js`);
const c = new Chance(1);
const ln = c.get('lastNames');
mkdirSync('sources/chance', { recursive: true });
writeFileSync('sources/chance/uk.family_ranked.txt',
  '# chance 1.1.13, chance.js data.lastNames.uk (MIT, see LICENSES/chance.txt)\n' +
  '# Source named in chance.js: https://surnames.behindthename.com/top/lists/england-wales/1991\n' +
  '# Rank order = frequency order in England & Wales, 1991 (Smith first).\n' + ln.uk.join('\n') + '\n');
writeFileSync('sources/chance/it.family.txt',
  '# chance 1.1.13, chance.js data.lastNames.it (MIT); chance.js names its source: dati.gov.it comune-di-firenze_0164\n' + ln.it.join('\n') + '\n');
const fn = c.get('firstNames');
for (const g of ['male', 'female']) {
  writeFileSync(`sources/chance/it.given_${g}.txt`,
    `# chance 1.1.13, chance.js data.firstNames.${g}.it (MIT); source named there: dati.gov.it comune-di-firenze\n` + fn[g].it.join('\n') + '\n');
}
console.log('extracted');
