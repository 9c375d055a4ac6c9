// The benchmark corpus: ~10 MB of social posts in Spanish and English, made deterministically from
// sentence templates (everyday life, work, customers, the company's products and numbers, now and
// then disguised), with every post of the labelled corpus (tests/corpus/*.jsonl) mixed in.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seeded } from '../lib/random.mjs';
import { companyRegexes, companyTerms, SEED } from './vocabulary.mjs';

const NAMES = [
  'Ana',
  'Lucía',
  'Marta',
  'Javi',
  'Pablo',
  'Carmen',
  'Diego',
  'Sofía',
  'Jen',
  'Mike',
  'Priya',
  'Tom',
  'Laura',
  'Iker',
  'Nerea',
  'Sam',
  'Olivia',
  'Raúl',
  'Chema',
  'Noah',
];
const PLACES_ES = [
  'la playa',
  'el gimnasio',
  'casa de mis padres',
  'el Retiro',
  'el mercado',
  'la sierra',
  'el cine',
  'la biblioteca',
  'el bar de abajo',
  'la oficina',
  'el aeropuerto',
  'la tienda',
];
const PLACES_EN = [
  'the beach',
  'the gym',
  "my parents' place",
  'the park',
  'the farmers market',
  'the mountains',
  'the cinema',
  'the library',
  'the pub',
  'the office',
  'the airport',
  'the store',
];
const CITIES = [
  'Madrid',
  'Barcelona',
  'Valencia',
  'Sevilla',
  'Bilbao',
  'CDMX',
  'Buenos Aires',
  'Austin',
  'London',
  'Lisboa',
  'Denver',
  'Málaga',
];
const DAYS_ES = ['el lunes', 'el martes', 'mañana', 'el finde', 'el viernes', 'hoy', 'esta noche', 'el sábado'];
const DAYS_EN = ['on Monday', 'tomorrow', 'this weekend', 'on Friday', 'today', 'tonight', 'on Saturday', 'next week'];
const FOOD_ES = [
  'paella',
  'tortilla de patatas',
  'churros',
  'tacos al pastor',
  'gazpacho',
  'croquetas',
  'empanadas',
  'un café con leche',
];
const FOOD_EN = ['pancakes', 'ramen', 'tacos', 'banana bread', 'a flat white', 'pizza', 'a burrito', 'sourdough'];
const EMOJI = ['😂', '🙌', '☀️', '🎉', '😅', '❤️', '🚀', '🙄', '🐆', '👀', '💪', '🍕', '👋🏽', '👩‍💻', '🇪🇸', '✨'];
const HASHTAGS = [
  '#viernes',
  '#MondayMotivation',
  '#teamwork',
  '#running',
  '#foodie',
  '#tbt',
  '#trabajo',
  '#verano',
  '#WFH',
  '#launchday',
];
const PUBLIC_PRODUCTS = [
  'iPhone 15',
  'Galaxy S24',
  'Kindle',
  'PlayStation 5',
  'Spotify',
  'Netflix',
  'AirPods',
  'Pixel 8',
];

const TEMPLATES_ES = [
  'Qué ganas de {day} ir a {place} con {name} {emoji}',
  'Hoy he hecho {food} por primera vez y no ha salido mal del todo {emoji}',
  '{name} y yo hemos corrido 10 km por {city} esta mañana, muertos pero felices {hashtag}',
  'Alguien sabe si abren {place} {day}? Vamos con los niños',
  'Semana intensa en el curro, pero el equipo es lo mejor que tengo {emoji}',
  'Por fin vacaciones! Rumbo a {city} {emoji} {hashtag}',
  'Me he comprado el {public} y de momento encantada',
  'El cliente de hoy nos ha dado las gracias por escrito, así da gusto trabajar',
  'Hoy en la reunión hemos hablado del {product}, no veo la hora de que salga {emoji}',
  'Ayer estuvimos toda la tarde probando {codename}, la demo del viernes va a molar',
  'Otra vez se ha caído {tool}, así no hay quien cierre los pedidos {emoji}',
  'Los números de {figure} pintan muy bien, el jefe está contento',
  'Nos han pasado el {procedure} nuevo y es eterno',
  'Alguien ha visto el ticket {ref}? Lo tenía asignado y ha desaparecido',
  'Mirad qué pedido más raro, el {ref}, cinco cajas de lo mismo',
  'Feliz cumple, {name}! Que lo celebres por todo lo alto {emoji}',
  'Llueve en {city} y yo sin paraguas, cómo no {emoji}',
  'Recomendación del día: {food} en {place}, no falla',
  'Estoy leyendo un libro buenísimo, luego os cuento',
  'Mañana madrugo para ir a {city}, deseadme suerte con el tráfico',
  'Qué bien sienta desconectar un fin de semana sin móvil',
  'Si alguien busca trabajo, en mi empresa buscan gente para {place}, escribidme',
  'La nueva versión del {product} lleva meses en pruebas y ya casi está',
  'Mi hermana ha empezado en una empresa nueva en {city}, orgullosa de ella {emoji}',
  'Hoy toca {food} con {name}, plan perfecto',
  'No entiendo cómo hay gente que no recicla, de verdad',
  'Gracias a todos por los mensajes, estoy mucho mejor {emoji}',
  'Reunión de vecinos {day}, a ver si arreglan por fin el ascensor',
  'Entre {tool} y el {procedure} hoy no he levantado la cabeza del ordenador',
  'Qué partidazo anoche, {name} todavía no se lo cree',
];
const TEMPLATES_EN = [
  'Can not wait to go to {place} with {name} {day} {emoji}',
  'Made {food} for the first time today and it was actually decent {emoji}',
  '{name} and I ran 10k around {city} this morning, dead but happy {hashtag}',
  'Does anyone know if {place} is open {day}? Taking the kids',
  'Busy week at work but honestly the team is the best {emoji}',
  'Finally on holiday! Off to {city} {emoji} {hashtag}',
  'Got the {public} last week and loving it so far',
  'A customer wrote us a thank-you note today, made my week',
  'We talked about {product} in the meeting today, cannot wait for it to ship {emoji}',
  'Spent the whole afternoon testing {codename}, Friday demo is going to be great',
  '{tool} is down again, nobody can close orders {emoji}',
  'The {figure} numbers look really good, the boss is happy',
  'They just sent us the new {procedure} and it is endless',
  'Has anyone seen ticket {ref}? It was assigned to me and it vanished',
  'Look at this weird order, {ref}, five boxes of the same thing',
  'Happy birthday, {name}! Have the best day {emoji}',
  'Raining in {city} and of course I forgot my umbrella {emoji}',
  'Tip of the day: {food} at {place}, never fails',
  'Reading a great book right now, will report back',
  'Early start tomorrow, driving to {city}, wish me luck with traffic',
  'Nothing beats a weekend without my phone',
  'If you are looking for a job, we are hiring at {place}, DM me',
  'The next version of {product} has been in testing for months and it is almost there',
  'My sister just started at a new company in {city}, so proud {emoji}',
  '{food} night with {name}, perfect plan',
  'Between {tool} and the {procedure} I did not look up from my screen all day',
  'What a game last night, {name} still cannot believe it',
  'Thanks everyone for the messages, feeling much better {emoji}',
  'Neighbourhood meeting {day}, hoping they finally fix the elevator',
  'Honestly the best part of this job is the people {emoji}',
];

// Ways people hide a word: a few of the company's terms are written like this.
const HOMOGLYPHS = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х' };
const LEET = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };
function disguise(term, r) {
  switch (r.int(6)) {
    case 0:
      return term.split('').join(' ');
    case 1:
      return term.replace(/[aeiost]/g, (c) => (r.chance(0.5) ? LEET[c] : c));
    case 2:
      return term.toUpperCase();
    case 3:
      return [...term]
        .map((c) => (c >= '!' && c <= '~' ? String.fromCodePoint(c.codePointAt(0) + 0xfee0) : c))
        .join('');
    case 4:
      return term.replace(/[aeopcx]/, (c) => HOMOGLYPHS[c]);
    default:
      return term.length > 3 ? `${term.slice(0, 2)}\u200b${term.slice(2)}` : term;
  }
}

/** Every text of the labelled corpus, with its labels (tests/corpus/*.jsonl). */
export function labelledPosts(repo) {
  const dir = join(repo, 'tests/corpus');
  const posts = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (line.trim()) posts.push(JSON.parse(line));
    }
  }
  return posts;
}

/**
 * ~`bytes` of UTF-8 in posts (an array of strings), the same on every run. The company's terms
 * come from the first `companyTermCount` terms of the vocabulary (those of the 10,000-term policy).
 */
export function benchCorpus({ repo, bytes = 10_000_000, companyTermCount = 10_000, seed = SEED + 2 }) {
  const r = seeded(seed);
  const terms = companyTerms(companyTermCount);
  const byList = {};
  for (const t of terms) (byList[t.list] ??= []).push(t.term);
  const references = companyRegexes(200).map((x) => x.sample);
  const term = (list) => {
    const t = r.pick(byList[list]);
    return r.chance(0.03) ? disguise(t, r) : t;
  };
  const fill = (template, es) =>
    template.replace(/\{(\w+)\}/g, (_, slot) => {
      switch (slot) {
        case 'name':
          return r.pick(NAMES);
        case 'place':
          return r.pick(es ? PLACES_ES : PLACES_EN);
        case 'city':
          return r.pick(CITIES);
        case 'day':
          return r.pick(es ? DAYS_ES : DAYS_EN);
        case 'food':
          return r.pick(es ? FOOD_ES : FOOD_EN);
        case 'emoji':
          return r.pick(EMOJI);
        case 'hashtag':
          return r.pick(HASHTAGS);
        case 'public':
          return r.pick(PUBLIC_PRODUCTS);
        // Half the time the product talked about is a public one: most posts are harmless.
        case 'product':
          return r.chance(0.5) ? term('unreleased') : r.pick(PUBLIC_PRODUCTS);
        case 'codename':
          return term('codenames');
        case 'tool':
          return term('internal_tools');
        case 'figure':
          return term('internal_figures');
        case 'procedure':
          return term('procedures');
        case 'ref':
          return r.pick(references)();
        default:
          throw new Error(`template slot {${slot}} has no filler`);
      }
    });
  const labelled = labelledPosts(repo).map((p) => p.text);
  const posts = [];
  let size = 0;
  const encoder = new TextEncoder();
  // Spread the labelled posts evenly through the corpus.
  const every = Math.max(1, Math.floor(bytes / 200 / labelled.length));
  let nextLabelled = 0;
  while (size < bytes) {
    let post;
    if (posts.length % every === 0 && nextLabelled < labelled.length) {
      post = labelled[nextLabelled++];
    } else {
      const es = r.chance(0.55);
      const templates = es ? TEMPLATES_ES : TEMPLATES_EN;
      const sentences = 1 + r.int(3);
      post = Array.from({ length: sentences }, () => fill(r.pick(templates), es)).join(
        r.pick(['. ', '. ', '\n', '! ']),
      );
      if (es) post = post.replace(/\b([Aa]|[Dd]e) el /g, '$1l '); // "a el" is "al", "de el" is "del"
      if (r.chance(0.2)) post += ` ${r.pick(HASHTAGS)}`;
    }
    posts.push(post);
    size += encoder.encode(post).length;
  }
  // Any labelled posts left (a small `bytes`) still go in.
  while (nextLabelled < labelled.length) posts.push(labelled[nextLabelled++]);
  return posts;
}

/**
 * `count` different texts of exactly `length` UTF-16 units, each made of consecutive posts of the
 * corpus (separated by blank lines) from a different place, never splitting a surrogate pair.
 */
export function textsOfLength(posts, length, count, seed = SEED + 3) {
  const r = seeded(seed + length);
  const texts = [];
  for (let k = 0; k < count; k++) {
    let i = r.int(posts.length);
    let text = '';
    while (text.length < length) {
      text += (text ? '\n\n' : '') + posts[i];
      i = (i + 1) % posts.length;
    }
    let cut = length;
    const last = text.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut -= 1; // the pair would be split: end one unit early
    text = text.slice(0, cut);
    while (text.length < length) text += ' ';
    texts.push(text);
  }
  return texts;
}
