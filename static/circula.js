/*
 * circula.js — progressive enhancement for Circula. Every page works without it.
 *
 * 1. Local times. Each `.local-time[data-timezone]` element holds a member's current time,
 *    rendered by the server as HH:MM inside a translated sentence. Once a minute (on the
 *    minute) the HH:MM part is recomputed in the element's IANA time zone and replaced; the
 *    rest of the text is left as it is. Unknown zones are skipped.
 *
 * 2. Unread badge. When signed in, the header has `a.badge-link` (Notifications). Every 60 s,
 *    and when the tab becomes visible again, GET /api/v1/notifications/unread ({"unread": n})
 *    updates the `span.badge#unread-badge` inside the link (created at n > 0, removed at 0) and
 *    the number at the end of the link's aria-label ("Notifications: n"). A 401 means the
 *    session has ended: polling stops for good. Hidden tabs don't poll.
 *
 * An ES module (deferred, so the DOM is ready). No dependencies, no inline code, no eval, and
 * requests go to this site only, as the Content-Security-Policy requires.
 */

const MINUTE = 60_000;
const HH_MM = /\d{2}:\d{2}/;
const lang = document.documentElement.lang || undefined;

/* 1 ─ Local times ─────────────────────────────────────────────────────────── */

const formatters = new Map(); // time zone -> Intl.DateTimeFormat, or null when unknown

function formatterFor(timeZone) {
  if (!formatters.has(timeZone)) {
    let formatter = null;
    try {
      formatter = new Intl.DateTimeFormat(lang, {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      // RangeError: a zone this browser doesn't know. Keep the server's text.
    }
    formatters.set(timeZone, formatter);
  }
  return formatters.get(timeZone);
}

/** "14:05" in the given zone, always ASCII digits and a colon, like the server writes it. */
function timeIn(timeZone, now) {
  const formatter = formatterFor(timeZone);
  if (!formatter) return null;
  const parts = formatter.formatToParts(now);
  const part = (type) => parts.find((p) => p.type === type)?.value;
  const hour = Number(part('hour'));
  const minute = Number(part('minute'));
  if (!Number.isInteger(hour) || !Number.isInteger(minute)) return null;
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(hour % 24)}:${pad(minute)}`; // % 24: some engines say "24:05" after midnight
}

/** Replaces the first HH:MM in the element's text nodes, leaving everything else alone. */
function replaceTime(element, time) {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (HH_MM.test(node.data)) {
      const updated = node.data.replace(HH_MM, time);
      if (updated !== node.data) node.data = updated;
      return;
    }
  }
}

function refreshLocalTimes() {
  const now = new Date();
  for (const element of document.querySelectorAll('.local-time[data-timezone]')) {
    const time = timeIn(element.dataset.timezone, now);
    if (time) replaceTime(element, time);
  }
}

let clockTimer;

/** Runs now, then again just after each minute boundary (no drift from setInterval). */
function scheduleLocalTimes() {
  clearTimeout(clockTimer);
  refreshLocalTimes();
  clockTimer = setTimeout(scheduleLocalTimes, MINUTE - (Date.now() % MINUTE) + 250);
}

if (document.querySelector('.local-time[data-timezone]')) {
  scheduleLocalTimes();
  // Timers are throttled in background tabs and frozen in the back/forward cache.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') scheduleLocalTimes();
  });
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) scheduleLocalTimes();
  });
}

/* 2 ─ Unread-notifications badge ──────────────────────────────────────────── */

const badgeLink = document.querySelector('a.badge-link');

function showUnread(count) {
  let badge = badgeLink.querySelector('#unread-badge');
  if (count > 0) {
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'badge';
      badge.id = 'unread-badge';
      trimTrailingSpace(badgeLink.lastChild);
      badgeLink.append(' ', badge);
    }
    if (badge.textContent !== String(count)) badge.textContent = String(count);
  } else if (badge) {
    const before = badge.previousSibling;
    badge.remove();
    trimTrailingSpace(before);
  }

  const label = badgeLink.getAttribute('aria-label');
  const colon = label ? label.lastIndexOf(':') : -1;
  if (colon >= 0) {
    const updated = `${label.slice(0, colon)}: ${count}`;
    if (updated !== label) badgeLink.setAttribute('aria-label', updated);
  }
}

function trimTrailingSpace(node) {
  if (node && node.nodeType === Node.TEXT_NODE) node.data = node.data.replace(/\s+$/, '');
}

if (badgeLink) {
  let stopped = false;
  let inFlight = false;
  let lastCheck = Date.now(); // the server rendered the count just now

  const checkUnread = async () => {
    if (stopped || inFlight || document.visibilityState === 'hidden') return;
    inFlight = true;
    lastCheck = Date.now();
    try {
      const response = await fetch('/api/v1/notifications/unread', {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
        cache: 'no-store',
      });
      if (response.status === 401) {
        stop();
        return;
      }
      if (!response.ok) return; // a passing server error: try again next time
      const { unread } = await response.json();
      if (Number.isSafeInteger(unread) && unread >= 0) showUnread(unread);
    } catch {
      // Offline, or not JSON: keep what is shown and try again next time.
    } finally {
      inFlight = false;
    }
  };

  const onVisible = () => {
    // Coming back to the tab: refresh unless we just did.
    if (document.visibilityState === 'visible' && Date.now() - lastCheck > 5_000) checkUnread();
  };

  const timer = setInterval(checkUnread, MINUTE);
  document.addEventListener('visibilitychange', onVisible);

  const stop = () => {
    stopped = true;
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
