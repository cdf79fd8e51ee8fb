/*
 * chat.js — the live chat, on top of pages that work without it (protocol: src/chat/PROTOCOL.md).
 *
 * On the chat pages it opens the WebSocket /api/v1/chat/socket (authenticated by the session
 * cookie; the browser sends this site's Origin) and:
 *   - on the channel page (section#chat[data-channel]): appends new messages, applies edits and
 *     deletions, shows who is typing and who is online, sends the post form over the socket
 *     (with a client id, so a resend after a dropped connection is not posted twice; a form with
 *     a file still goes the normal way), marks what it shows as read while the tab is visible;
 *   - everywhere it runs: keeps the unread badges (per channel on the list, total in the header).
 * After a dropped connection it reconnects with a growing delay and resumes from the last
 * message it has, so nothing is missed and nothing shown twice. Hidden tab → presence "away".
 *
 * An ES module with no dependencies and no inline code, as the Content-Security-Policy requires.
 */

const root = document.getElementById('chat');
const channelId = root ? Number(root.dataset.channel) : null;
const memberId = root ? Number(root.dataset.member) : null;
const log = document.getElementById('chat-log');
const form = document.getElementById('chat-form');
const typingLine = document.getElementById('chat-typing');
const headerBadge = document.getElementById('chat-badge');
const lang = document.documentElement.lang || undefined;

let lastSeen = root ? Number(root.dataset.last) || 0 : 0;
let socket = null;
let retry = 0;
const pending = new Map(); // client_id -> body, sent and not yet acknowledged
const typingTimers = new Map();

function setBadge(badge, count) {
  if (!badge) return;
  badge.textContent = String(count);
  badge.hidden = count <= 0;
}

function bumpBadge(badge) {
  if (badge) setBadge(badge, (Number(badge.textContent) || 0) + 1);
}

function channelBadge(id) {
  return document.querySelector(`.chat-unread[data-channel="${id}"]`);
}

function messageElement(message) {
  const article = document.createElement('article');
  article.className = 'chat-message' + (message.author_id === memberId ? ' mine' : '');
  article.id = `m${message.id}`;
  article.dataset.id = String(message.id);
  article.dataset.author = String(message.author_id);
  const header = document.createElement('header');
  const author = document.createElement('strong');
  author.className = 'author';
  author.textContent = message.author_name;
  const time = document.createElement('time');
  time.textContent = new Date(message.created_at).toLocaleString(lang);
  header.append(author, ' ', time);
  article.append(header, bodyElement(message));
  if (message.attachment) {
    const p = document.createElement('p');
    p.className = 'attachment';
    const link = document.createElement('a');
    link.href = message.attachment.url;
    link.textContent = message.attachment.name;
    p.append(link);
    article.append(p);
  }
  return article;
}

function bodyElement(message) {
  if (message.deleted || message.hidden) {
    const p = document.createElement('p');
    p.className = 'hint body';
    p.textContent = message.deleted ? root.dataset.deleted : root.dataset.hidden;
    return p;
  }
  const div = document.createElement('div');
  div.className = 'body';
  // body_html is rendered from Markdown and sanitised by the server (ammonia).
  div.innerHTML = message.body_html;
  return div;
}

function show(message) {
  if (!log || message.channel_id !== channelId) return;
  if (message.id > lastSeen) lastSeen = message.id;
  if (document.getElementById(`m${message.id}`)) return;
  document.getElementById('chat-empty')?.remove();
  log.append(messageElement(message));
  clearTyping(message.author_id);
  if (message.author_id !== memberId) markRead();
}

function markRead() {
  if (document.visibilityState === 'visible' && lastSeen > 0) {
    send({ type: 'read', channel_id: channelId, message_id: lastSeen });
  }
}

function clearTyping(member) {
  clearTimeout(typingTimers.get(member));
  typingTimers.delete(member);
  if (typingTimers.size === 0 && typingLine) typingLine.textContent = '';
}

function send(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

function handle(frame) {
  switch (frame.type) {
    case 'ack':
      pending.delete(frame.client_id);
      show(frame.message);
      break;
    case 'message':
      if (frame.message.channel_id === channelId) {
        show(frame.message);
      } else if (frame.message.author_id !== memberId) {
        bumpBadge(channelBadge(frame.message.channel_id));
        bumpBadge(headerBadge);
      }
      break;
    case 'edited':
    case 'deleted': {
      const id = frame.type === 'edited' ? frame.message.id : frame.message_id;
      const article = document.getElementById(`m${id}`);
      const body = article?.querySelector('.body');
      if (body) {
        const message = frame.type === 'edited' ? frame.message : { deleted: true };
        body.replaceWith(bodyElement(message));
      }
      break;
    }
    case 'typing':
      if (frame.channel_id === channelId && typingLine) {
        typingLine.textContent = root.dataset.typing.replace('%s', frame.name);
        clearTimeout(typingTimers.get(frame.member_id));
        typingTimers.set(frame.member_id, setTimeout(() => clearTyping(frame.member_id), 4000));
      }
      break;
    case 'presence':
      for (const el of document.querySelectorAll(`[data-presence="${frame.member_id}"]`)) {
        el.textContent = frame.status === 'offline' ? '' : (root?.dataset[frame.status] || '');
        el.dataset.status = frame.status;
      }
      break;
    case 'unread':
      setBadge(channelBadge(frame.channel_id), frame.count);
      setBadge(headerBadge, frame.total);
      break;
    case 'error':
      if (frame.client_id && pending.has(frame.client_id) && form) {
        const body = form.querySelector('textarea');
        if (body && !body.value) body.value = pending.get(frame.client_id);
        pending.delete(frame.client_id);
      }
      break;
  }
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/api/v1/chat/socket`);
  socket.addEventListener('open', () => {
    retry = 0;
    root?.classList.remove('offline');
    if (channelId) {
      send({ type: 'resume', since: { [channelId]: lastSeen } });
      for (const [clientId, body] of pending) {
        send({ type: 'send', channel_id: channelId, body, client_id: clientId });
      }
      markRead();
    }
    if (document.visibilityState !== 'visible') send({ type: 'presence', status: 'away' });
  });
  socket.addEventListener('message', (event) => {
    try {
      handle(JSON.parse(event.data));
    } catch (err) {
      console.warn('chat: unreadable frame', err);
    }
  });
  socket.addEventListener('close', (event) => {
    root?.classList.add('offline');
    if (event.code === 1008 && event.reason === 'flooding') return;
    retry = Math.min(retry + 1, 6);
    setTimeout(connect, 500 * 2 ** retry * (0.5 + Math.random()));
  });
}

if (form && channelId) {
  const body = form.querySelector('textarea');
  const file = form.querySelector('input[type=file]');
  let lastTyping = 0;
  body?.addEventListener('input', () => {
    const now = Date.now();
    if (now - lastTyping > 3000 && send({ type: 'typing', channel_id: channelId })) lastTyping = now;
  });
  body?.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (event) => {
    if (file?.files?.length || !body?.value.trim()) return;
    const clientId = crypto.randomUUID();
    if (!send({ type: 'send', channel_id: channelId, body: body.value, client_id: clientId })) return;
    event.preventDefault();
    pending.set(clientId, body.value);
    body.value = '';
  });
}

document.addEventListener('visibilitychange', () => {
  const visible = document.visibilityState === 'visible';
  send({ type: 'presence', status: visible ? 'online' : 'away' });
  if (visible && channelId) markRead();
});

if (log && !location.hash) {
  const target = document.getElementById('first-unread') || log.lastElementChild;
  target?.scrollIntoView({ block: 'center' });
}

connect();
