/*
 * chat.js — the live chat, on top of pages that work without it (protocol: src/chat/PROTOCOL.md).
 *
 * On the chat pages it opens the WebSocket /api/v1/chat/socket (authenticated by the session
 * cookie; the browser sends this site's Origin) and:
 *   - on the channel page (section#chat[data-channel]): appends new messages, applies edits and
 *     deletions, shows who is typing and who is online, sends the post form over the socket
 *     (with a client id, so a resend after a dropped connection is not posted twice; a form with
 *     a file still goes the normal way), links library documents (shown as cards), marks what it shows as read while the tab is visible;
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
const pending = new Map(); // client_id -> {body, documentField}, sent and not yet acknowledged
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
  if (message.document && !message.deleted && !message.hidden) {
    article.append(documentElement(message.document));
  }
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

// A linked library document: a card to its page, or a note that it is no longer available
// (the server then sends no title).
function documentElement(document_) {
  const p = document.createElement('p');
  p.className = 'chat-document';
  if (document_.available && document_.url) {
    const link = document.createElement('a');
    link.href = document_.url;
    link.textContent = document_.title || '';
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.textContent = root.dataset.document;
    p.append(link, ' ', hint);
  } else {
    p.classList.add('unavailable', 'hint');
    p.textContent = root.dataset.documentGone;
  }
  return p;
}

// The id in what was typed into the document field: a number or a link to /library/{id}.
// Undefined for an empty field, null for anything else (the form then goes the normal way
// and the server explains).
function documentId(value) {
  const text = value.trim();
  if (!text) return undefined;
  const match = /^(?:\d+|.*\/library\/(\d+))\/?(?:[?#].*)?$/.exec(text);
  if (!match) return null;
  const id = Number(match[1] ?? text.replace(/\/$/, ''));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

function showError(message) {
  if (!form) return;
  let p = document.getElementById('chat-socket-error');
  if (!p) {
    p = document.createElement('p');
    p.className = 'form-error';
    p.id = 'chat-socket-error';
    p.setAttribute('role', 'alert');
    form.before(p);
  }
  p.textContent = message;
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
      if (frame.type === 'deleted') {
        for (const extra of article?.querySelectorAll('.chat-document, .attachment') ?? []) extra.remove();
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
        const { body: text, documentField } = pending.get(frame.client_id);
        const body = form.querySelector('textarea');
        if (body && !body.value) body.value = text;
        const field = form.querySelector('input[name=document]');
        if (field && !field.value && documentField) field.value = documentField;
        pending.delete(frame.client_id);
        showError(frame.message);
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
      for (const [clientId, { body, documentField }] of pending) {
        send({ type: 'send', channel_id: channelId, body, client_id: clientId, document_id: documentId(documentField) });
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
    if (event.code === 1008 && (event.reason === 'flooding' || event.reason === 'signed out')) return;
    retry = Math.min(retry + 1, 6);
    setTimeout(connect, 500 * 2 ** retry * (0.5 + Math.random()));
  });
}

if (form && channelId) {
  const body = form.querySelector('textarea');
  const file = form.querySelector('input[type=file]');
  const linked = form.querySelector('input[name=document]');
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
    const documentField = linked?.value ?? '';
    const document_id = documentId(documentField);
    if (document_id === null) return;
    const clientId = crypto.randomUUID();
    if (!send({ type: 'send', channel_id: channelId, body: body.value, client_id: clientId, document_id })) return;
    event.preventDefault();
    document.getElementById('chat-socket-error')?.remove();
    pending.set(clientId, { body: body.value, documentField });
    body.value = '';
    if (linked) linked.value = '';
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
