// The Studio's service worker: keeps a copy of every file of dist/studio/ so that the Studio and
// the demo page open with no network and no host after one visit. Network first, so a rebuilt
// Studio shows at once; the copy when the network or the host is not there. web/build.mjs fills
// in the file list and the version.

/* global __POSTGUARD_FILES__, __POSTGUARD_VERSION__ */
const PREFIX = 'postguard-studio-';
const CACHE = `${PREFIX}${__POSTGUARD_VERSION__}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(__POSTGUARD_FILES__))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  // Only this site's own files; anything else is not ours to answer (and the pages ask for none).
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      .catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit ?? Response.error())),
  );
});
