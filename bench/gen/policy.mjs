// Synthetic company policies for the benchmarks: N terms in the lists the built-in confidential
// rules read (unreleased, codenames, internal tools, figures, procedures) and R regexes for the
// company's order, SKU, ticket and host numbers, optionally on top of builtin:default.
import { companyRegexes, companyTerms, LISTS } from './vocabulary.mjs';

/**
 * @param {{terms: number, regexes?: number, packs?: boolean}} size
 * @returns {string} the policy's JSON text
 */
export function companyPolicy({ terms, regexes = 0, packs = true }) {
  const lists = Object.fromEntries(LISTS.map((l) => [l, []]));
  companyTerms(terms).forEach(({ term, list }, i) => {
    // Some products are under embargo until launch day, as real unreleased products are.
    lists[list].push(list === 'unreleased' && i % 10 === 0 ? { term, until: '2027-06-01' } : term);
  });
  const rules = [];
  const patterns = companyRegexes(regexes).map((r) => ({ regex: r.regex }));
  for (let i = 0; i < patterns.length; i += 5) {
    rules.push({
      id: `company.reference.${i / 5 + 1}`,
      category: 'confidential',
      severity: 'warn',
      when: { any: patterns.slice(i, i + 5) },
      message: { en: '{match} is an internal reference number.', es: '{match} es un número de referencia interno.' },
      why: { en: 'Order, SKU and ticket numbers identify customers and internal work.' },
    });
  }
  if (!packs) {
    // Without the packs, one rule per list stands in for the confidential pack's rules.
    for (const list of LISTS) {
      if (!lists[list].length) continue;
      rules.push({
        id: `company.${list}`,
        category: 'confidential',
        severity: 'block',
        when: { list },
        message: { en: '{match} is confidential.', es: '{match} es confidencial.' },
      });
    }
  }
  const policy = {
    policy: {
      id: `bench-company-${terms}`,
      version: '1.0.0',
      name: `Synthetic company (${terms} terms, ${regexes} regexes)`,
      languages: ['es', 'en'],
      url: 'https://intranet.company.example/social',
      contact: 'social@company.example',
    },
    extends: packs ? ['builtin:default'] : [],
    company: {
      names: ['Orbitel', 'Orbitel Group'],
      handles: ['@orbitel', '@OrbitelHelp'],
      products: ['Orbitel Fibra', 'Orbitel Móvil', 'Orbitel TV'],
      official_urls: { support: 'https://orbitel.example/help' },
    },
    terms: Object.fromEntries(Object.entries(lists).filter(([, v]) => v.length)),
    rules,
  };
  return JSON.stringify(policy);
}
