/*
 * events.js — the viewer's own time zone for event pages. Every page works without it.
 *
 * Schedules show each time in the event's zone and in the viewer's zone. The server learns
 * the viewer's zone from the `tz` cookie, which this module sets to the browser's IANA zone
 * (Intl.DateTimeFormat().resolvedOptions().timeZone). When the cookie was missing or out of
 * date and the page in view (marked `[data-viewer-zone][data-zone-source]`) was rendered
 * for another zone that the viewer did not choose themselves (`?tz=`), the page is loaded
 * once more, now in the right zone. The cookie then matches, so this happens at most once.
 *
 * An ES module; no dependencies, no inline code, requests to this site only.
 */

const COOKIE = 'tz';

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

function cookieZone() {
  const entry = document.cookie.split('; ').find((c) => c.startsWith(`${COOKIE}=`));
  if (!entry) return null;
  try {
    return decodeURIComponent(entry.slice(COOKIE.length + 1));
  } catch {
    return null;
  }
}

const zone = browserZone();
if (zone && zone !== cookieZone()) {
  const secure = location.protocol === 'https:' ? '; secure' : '';
  document.cookie = `${COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax${secure}`;
  const marker = document.querySelector('[data-viewer-zone][data-zone-source]');
  if (marker && marker.dataset.zoneSource !== 'explicit' && marker.dataset.viewerZone !== zone) {
    location.reload();
  }
}
