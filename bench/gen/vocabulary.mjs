// The synthetic company's vocabulary: product names, codenames, internal tools, internal figures
// and procedures (Spanish and English), plus the patterns of its order, SKU and ticket numbers.
// Deterministic from a seed, so the policies and the corpus built from it never change.
import { seeded } from '../lib/random.mjs';

export const SEED = 20261120;

const SYLLABLES = [
  'ka',
  've',
  'lo',
  'ra',
  'ni',
  'mo',
  'tri',
  'sa',
  'lu',
  'men',
  'zo',
  'qui',
  'bel',
  'dor',
  'fen',
  'gal',
  'hex',
  'ix',
  'jor',
  'lum',
  'nex',
  'or',
  'pax',
  'ro',
  'rin',
  'sol',
  'tav',
  'ul',
  'vex',
  'wyn',
  'xan',
  'yel',
  'zer',
  'cor',
  'da',
  'el',
  'fi',
  'gra',
  'ha',
  'in',
  'ker',
  'li',
  'mar',
  'nor',
  'pe',
  'sel',
  'ta',
  'vi',
  'bra',
  'cla',
  'dri',
  'flo',
  'kin',
  'mi',
  'nu',
  'os',
  'pri',
  'que',
  'si',
  'tor',
  'u',
  'va',
  'wen',
];
const PRODUCT_TYPES = [
  'Tab',
  'Pro',
  'Air',
  'Max',
  'Hub',
  'Go',
  'One',
  'Studio',
  'Pay',
  'Books',
  'Cloud',
  'Link',
  'Home',
  'Edge',
  'Lite',
  'Plus',
  'Mini',
  'Watch',
  'Buds',
  'Cam',
  'Drive',
  'Desk',
  'Sense',
  'Flow',
  'Box',
  'Fit',
  'Kids',
  'Care',
  'Connect',
  'Wallet',
];
const GENERATIONS = ['2', '3', '4', 'X', 'S', 'XL', 'Ultra', '2027', 'Neo', 'Duo'];
const CODENAME_NOUNS_EN = [
  'Heron',
  'Falcon',
  'Kestrel',
  'Osprey',
  'Lynx',
  'Otter',
  'Badger',
  'Marten',
  'Condor',
  'Ibis',
  'Puffin',
  'Wren',
  'Bison',
  'Caracal',
  'Dingo',
  'Gecko',
  'Jackal',
  'Kodiak',
  'Mamba',
  'Narwhal',
  'Ocelot',
  'Pelican',
  'Quokka',
  'Raven',
  'Stingray',
  'Tapir',
  'Walrus',
  'Yak',
  'Zebu',
  'Cedar',
  'Birch',
  'Juniper',
  'Sequoia',
  'Willow',
  'Aspen',
  'Cypress',
  'Maple',
  'Hawthorn',
  'Basalt',
  'Cobalt',
  'Garnet',
  'Jasper',
  'Onyx',
  'Quartz',
  'Topaz',
  'Zircon',
  'Obsidian',
  'Andromeda',
  'Vega',
  'Rigel',
  'Sirius',
  'Altair',
  'Deneb',
  'Polaris',
  'Orion',
  'Lyra',
  'Cygnus',
  'Draco',
  'Bluefin',
  'Marlin',
  'Barracuda',
  'Sturgeon',
  'Tarpon',
  'Mistral',
  'Sirocco',
  'Monsoon',
  'Zephyr',
];
const CODENAME_NOUNS_ES = [
  'Halcón',
  'Garza',
  'Cernícalo',
  'Águila',
  'Lince',
  'Nutria',
  'Tejón',
  'Cóndor',
  'Jaguar',
  'Puma',
  'Colibrí',
  'Quetzal',
  'Tucán',
  'Ocelote',
  'Zorro',
  'Búho',
  'Lechuza',
  'Gaviota',
  'Cormorán',
  'Flamenco',
  'Mapache',
  'Tapir',
  'Manatí',
  'Ciervo',
  'Encina',
  'Alcornoque',
  'Roble',
  'Olmo',
  'Ciprés',
  'Almendro',
  'Madroño',
  'Jacarandá',
  'Ceiba',
  'Granito',
  'Basalto',
  'Ámbar',
  'Jade',
  'Ópalo',
  'Ónice',
  'Turquesa',
  'Azabache',
  'Malaquita',
  'Cuarzo',
  'Lucero',
  'Aurora',
  'Cometa',
  'Nebulosa',
  'Orión',
  'Casiopea',
  'Andrómeda',
  'Tramontana',
  'Levante',
  'Poniente',
  'Cierzo',
];
const CODENAME_ADJ_EN = [
  'Blue',
  'Red',
  'Silent',
  'Northern',
  'Golden',
  'Iron',
  'Crimson',
  'Silver',
  'Black',
  'White',
  'Hidden',
  'Rapid',
];
const CODENAME_ADJ_ES = [
  'Rojo',
  'Azul',
  'Dorado',
  'Plateado',
  'Negro',
  'Blanco',
  'Veloz',
  'Silencioso',
  'Boreal',
  'Austral',
];
const TOOL_STEMS = [
  'Pulse',
  'Ship',
  'Beacon',
  'Atlas',
  'Cedar',
  'Ember',
  'Harbor',
  'Lantern',
  'Meridian',
  'Nimbus',
  'Orbit',
  'Prism',
  'Quill',
  'Relay',
  'Signal',
  'Tide',
  'Vault',
  'Anchor',
  'Compass',
  'Falcon',
  'Granite',
  'Helix',
  'Keystone',
  'Lighthouse',
  'Mosaic',
  'Nova',
  'Pilot',
  'Radar',
  'Summit',
  'Trellis',
  'Caja',
  'Faro',
  'Brújula',
  'Ancla',
  'Muelle',
  'Torre',
  'Nube',
  'Rayo',
  'Cima',
  'Puente',
];
const TOOL_SUFFIXES = [
  'board',
  'yard',
  'desk',
  'forge',
  'hub',
  'ops',
  'track',
  'vault',
  'flow',
  'deck',
  'dock',
  'scope',
  'gate',
  'works',
  'base',
  'line',
];
const METRICS_EN = [
  'net revenue retention',
  'gross margin',
  'churn rate',
  'burn multiple',
  'ARPU',
  'CAC payback',
  'pipeline coverage',
  'bookings',
  'attach rate',
  'cash runway',
  'EBITDA forecast',
  'unit economics',
  'win rate',
  'store comps',
  'shrinkage rate',
];
const METRICS_ES = [
  'margen bruto',
  'tasa de abandono',
  'ingresos recurrentes',
  'cartera de pedidos',
  'coste de adquisición',
  'previsión de ventas',
  'margen operativo',
  'cuota de mercado interna',
  'objetivo de ventas',
  'tasa de conversión',
  'mermas',
  'flujo de caja',
  'rotación de stock',
  'ticket medio',
  'previsión de EBITDA',
];
const SEGMENTS_EN = [
  'enterprise',
  'SMB',
  'LATAM',
  'EMEA',
  'retail',
  'wholesale',
  'online',
  'North region',
  'South region',
  'flagship stores',
  'partner channel',
  'public sector',
];
const SEGMENTS_ES = [
  'pymes',
  'grandes cuentas',
  'zona norte',
  'zona sur',
  'Levante',
  'canal online',
  'tiendas físicas',
  'sector público',
  'franquicias',
  'Cataluña',
  'Andalucía',
  'México',
];
const PERIODS_EN = ['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2', 'FY26', 'FY27', 'this quarter', 'next quarter'];
const PERIODS_ES = [
  'T1',
  'T2',
  'T3',
  'T4',
  'primer semestre',
  'segundo semestre',
  '2026',
  '2027',
  'este trimestre',
  'del próximo trimestre',
];
const PROCEDURE_CORE_ES = [
  'cierre de caja',
  'apertura de tienda',
  'devoluciones',
  'escalado de incidencias',
  'recogida de efectivo',
  'apertura de la cámara acorazada',
  'reinicio de la alarma',
  'cambio de turno',
  'inventario nocturno',
  'evacuación del almacén',
  'arqueo de caja',
  'recepción de mercancía',
];
const PROCEDURE_CORE_EN = [
  'cash pickup',
  'vault opening',
  'alarm reset',
  'failover',
  'key rotation',
  'night inventory',
  'store opening',
  'incident escalation',
  'warehouse evacuation',
  'till count',
  'returns override',
  'payroll run',
];
const PROCEDURE_FORMS_ES = ['protocolo de', 'procedimiento de', 'checklist de', 'guion de'];
const PROCEDURE_FORMS_EN = ['runbook', 'playbook', 'checklist', 'procedure'];
const SITES = [
  'Madrid Norte',
  'Valencia Centro',
  'Sevilla Este',
  'Bilbao',
  'Zaragoza',
  'Monterrey',
  'Guadalajara',
  'Austin',
  'Denver',
  'Leeds',
  'store 112',
  'DC2',
  'night shift',
  'turno de noche',
];

function capitalize(s) {
  return s[0].toUpperCase() + s.slice(1);
}

/** The lists each term belongs to (the packs' confidential rules read these lists). */
export const LISTS = ['unreleased', 'codenames', 'internal_tools', 'internal_figures', 'procedures'];

/**
 * The company's terms, in a fixed order: the first N of this sequence are the N-term policy's, so
 * every smaller policy is a prefix of every larger one. Each item: {term, list}.
 */
export function companyTerms(count, seed = SEED) {
  const r = seeded(seed);
  const seen = new Set();
  const out = [];
  const stem = (min, max) => {
    let s = '';
    const n = min + r.int(max - min + 1);
    for (let i = 0; i < n; i++) s += r.pick(SYLLABLES);
    return capitalize(s);
  };
  const makers = [
    // unreleased products: "Velora Hub", "Kintra Pay 3"
    [
      0.3,
      'unreleased',
      () => {
        const base = `${stem(2, 3)} ${r.pick(PRODUCT_TYPES)}`;
        return r.chance(0.4) ? `${base} ${r.pick(GENERATIONS)}` : base;
      },
    ],
    // codenames: "Proyecto Halcón", "Project Blue Heron", "Kestrel"
    [
      0.25,
      'codenames',
      () => {
        if (r.chance(0.5)) {
          const noun = r.pick(CODENAME_NOUNS_ES);
          const name = r.chance(0.5) ? `${noun} ${r.pick(CODENAME_ADJ_ES)}` : noun;
          return r.chance(0.6) ? `${r.pick(['Proyecto', 'Operación', 'Plan'])} ${name}` : `${name} ${stem(2, 2)}`;
        }
        const noun = r.pick(CODENAME_NOUNS_EN);
        const name = r.chance(0.5) ? `${r.pick(CODENAME_ADJ_EN)} ${noun}` : noun;
        return r.chance(0.6) ? `${r.pick(['Project', 'Operation', 'Codename'])} ${name}` : `${name} ${stem(2, 2)}`;
      },
    ],
    // internal tools: "Pulseboard", "Korvadesk"
    [0.2, 'internal_tools', () => (r.chance(0.5) ? r.pick(TOOL_STEMS) : stem(2, 2)) + r.pick(TOOL_SUFFIXES)],
    // internal figures: "gross margin EMEA Q3", "margen bruto pymes T3"
    [
      0.15,
      'internal_figures',
      () =>
        r.chance(0.5)
          ? `${r.pick(METRICS_EN)} ${r.pick(SEGMENTS_EN)} ${r.pick(PERIODS_EN)}`
          : `${r.pick(METRICS_ES)} ${r.pick(SEGMENTS_ES)} ${r.pick(PERIODS_ES)}`,
    ],
    // procedures: "protocolo de cierre de caja Madrid Norte", "vault opening runbook DC2"
    [
      0.1,
      'procedures',
      () =>
        r.chance(0.5)
          ? `${r.pick(PROCEDURE_FORMS_ES)} ${r.pick(PROCEDURE_CORE_ES)} ${r.pick(SITES)}`
          : `${r.pick(PROCEDURE_CORE_EN)} ${r.pick(PROCEDURE_FORMS_EN)} ${r.pick(SITES)}`,
    ],
  ];
  while (out.length < count) {
    let x = r.next();
    let maker = makers[makers.length - 1];
    for (const m of makers) {
      if (x < m[0]) {
        maker = m;
        break;
      }
      x -= m[0];
    }
    let term = maker[2]();
    // Small vocabularies run out first; products (3 syllables x 30 types x 10 generations) do not.
    for (let tries = 0; seen.has(term.toLowerCase()) && tries < 20; tries++) term = maker[2]();
    if (seen.has(term.toLowerCase())) continue;
    seen.add(term.toLowerCase());
    out.push({ term, list: maker[1] });
  }
  return out;
}

// The company's reference numbers: each family is a regex and a way to write a matching string.
const REGEX_FAMILIES = [
  // order numbers: ORB-PO-123456
  (p, r) => ({ regex: `\\b${p}-PO-\\d{6}\\b`, sample: () => `${p}-PO-${100000 + r.int(899999)}` }),
  // SKUs: SKU-KV1234B
  (p, r) => ({
    regex: `\\bSKU[- ]?${p}\\d{4}[A-Z]?\\b`,
    sample: () => `SKU-${p}${1000 + r.int(8999)}${r.pick(['', 'B', 'X'])}`,
  }),
  // tracker tickets: KVX-4821
  (p, r) => ({ regex: `\\b${p}X-\\d{3,5}\\b`, sample: () => `${p}X-${100 + r.int(99899)}` }),
  // incidents: INC-KV-0012345
  (p, r) => ({
    regex: `\\b(?:INC|CHG|REQ)-${p}-\\d{7}\\b`,
    sample: () => `${r.pick(['INC', 'CHG', 'REQ'])}-${p}-${String(r.int(9999999)).padStart(7, '0')}`,
  }),
  // internal hosts: db-03.kv.corp.example
  (p, r) => ({
    regex: `\\b[a-z]+-\\d{2}\\.${p.toLowerCase()}\\.corp\\.example\\b`,
    sample: () =>
      `${r.pick(['db', 'api', 'cache', 'pos', 'vpn'])}-${String(r.int(99)).padStart(2, '0')}.${p.toLowerCase()}.corp.example`,
  }),
  // invoices: FAC-KV-2026/0412
  (p, r) => ({
    regex: `\\bFAC-${p}-20\\d{2}/\\d{4}\\b`,
    sample: () => `FAC-${p}-20${20 + r.int(10)}/${String(r.int(9999)).padStart(4, '0')}`,
  }),
  // employee numbers: EMP-KV-04821
  (p, r) => ({ regex: `\\bEMP-${p}-\\d{5}\\b`, sample: () => `EMP-${p}-${String(r.int(99999)).padStart(5, '0')}` }),
  // builds: KV build 20431
  (p, r) => ({ regex: `\\b${p} build #?\\d{4,6}\\b`, sample: () => `${p} build ${1000 + r.int(98999)}` }),
];
// A few patterns with no literal for the prefilter (every draft runs them): store codes.
const UNANCHORED_FAMILY = (p, r, i) => ({
  regex: `\\b\\d{3}-${'ABCDEFGHJK'[i % 10]}\\d{2}-[A-Z]{3}\\b`,
  sample: () =>
    `${100 + r.int(899)}-${'ABCDEFGHJK'[i % 10]}${String(r.int(99)).padStart(2, '0')}-${p.slice(0, 2)}${'QRS'[r.int(3)]}`,
});

/** `count` distinct company regexes, each with a generator of strings it matches. */
export function companyRegexes(count, seed = SEED + 1) {
  const r = seeded(seed);
  const prefixes = new Set();
  const out = [];
  for (let i = 0; out.length < count; i++) {
    let p;
    do p = Array.from({ length: 2 + r.int(2) }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ'[r.int(24)]).join('');
    while (prefixes.has(p));
    prefixes.add(p);
    // One in twenty has no literal to prefilter on, as some real patterns do not.
    const family = out.length % 20 === 19 ? UNANCHORED_FAMILY : REGEX_FAMILIES[out.length % REGEX_FAMILIES.length];
    out.push(family(p, r, i));
  }
  return out;
}
