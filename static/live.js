/*
 * live.js — a session's questions and polls, live (frames: src/live/PROTOCOL.md), on top of a
 * page that works without it.
 *
 * It opens the chat WebSocket, follows the session's topic, and then:
 *   - adds new questions, applies moderation (state, pin) and vote counts, and keeps the list
 *     in the order chosen (most votes or newest);
 *   - sends votes on questions and ballots in polls through the JSON API, without reloading;
 *   - shows poll results as they change; when a poll opens or closes, it fetches the page again
 *     and swaps in its polls section (rare, and drawn by the server in the reader's language).
 * After following (also after a reconnect) it reads the questions once through the API, so
 * nothing that changed before the socket was ready is missed.
 *
 * An ES module with no dependencies and no inline code, as the Content-Security-Policy requires.
 */

const root = document.getElementById('live');

if (root) {
  const sessionId = Number(root.dataset.session);
  const topic = root.dataset.topic;
  const moderator = root.dataset.moderator === 'true';
  const list = document.getElementById('live-questions');
  const empty = document.getElementById('no-questions');
  const strings = document.getElementById('live-strings').dataset;
  const csrfInput = document.querySelector('#live input[name=csrf]');
  const csrf = csrfInput ? csrfInput.value : '';
  const template = document.getElementById('question-template');
  let retry = 0;

  const GROUPS = { pending: 1, visible: 2, answered: 3, hidden: 4 };
  const group = (li) => (li.dataset.pinned === 'true' ? 0 : GROUPS[li.dataset.state] ?? 2);

  function sortList() {
    const recent = list.dataset.order === 'recent';
    const items = [...list.children];
    const sorted = [...items].sort((a, b) => {
      const g = group(a) - group(b);
      if (g !== 0) return g;
      const ia = Number(a.dataset.id);
      const ib = Number(b.dataset.id);
      if (recent) return ib - ia;
      return Number(b.dataset.votes) - Number(a.dataset.votes) || ia - ib;
    });
    if (sorted.some((li, i) => li !== items[i])) list.append(...sorted);
    empty.hidden = list.children.length > 0;
  }

  function setVotes(li, votes) {
    li.dataset.votes = String(votes);
    const count = li.querySelector('.vote-count');
    if (count) count.textContent = String(votes);
  }

  function setVoted(li, voted) {
    const form = li.querySelector('.vote-form');
    if (!form) return;
    form.elements.action.value = voted ? 'unvote' : 'vote';
    const button = form.querySelector('button');
    button.textContent = voted ? strings.unvote : strings.vote;
    button.setAttribute('aria-pressed', String(voted));
    button.classList.toggle('secondary', voted);
  }

  function applyQuestion(q) {
    let li = document.getElementById(`q${q.id}`);
    if (q.state === 'hidden' && !moderator) {
      if (li) li.remove();
      sortList();
      return;
    }
    if (!li) {
      li = template.content.firstElementChild.cloneNode(true);
      li.id = `q${q.id}`;
      li.dataset.id = String(q.id);
      const form = li.querySelector('.vote-form');
      if (form) form.elements.question.value = String(q.id);
      list.append(li);
    }
    li.dataset.state = q.state;
    li.dataset.pinned = String(q.pinned);
    li.className = `live-question state-${q.state}${q.pinned ? ' pinned' : ''}`;
    li.querySelector('.live-question-body').textContent = q.body;
    const author = li.querySelector('.author');
    if (author) author.textContent = q.author_name ?? strings.anonymous;
    const pinned = li.querySelector('.pinned-tag');
    if (pinned) pinned.hidden = !q.pinned;
    const stateTag = li.querySelector('.state-tag');
    if (stateTag) {
      stateTag.hidden = q.state === 'visible';
      stateTag.textContent = strings[q.state] ?? '';
    }
    setVotes(li, q.votes);
    if (typeof q.voted === 'boolean') setVoted(li, q.voted);
    sortList();
  }

  async function api(method, url, body) {
    const response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'X-CSRF-Token': csrf,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  // Votes on questions, without reloading: the form posts the normal way if this fails.
  list.addEventListener('submit', async (event) => {
    const form = event.target.closest('.vote-form');
    if (!form) return;
    event.preventDefault();
    const id = Number(form.elements.question.value);
    const vote = form.elements.action.value === 'vote';
    try {
      const out = await api(vote ? 'POST' : 'DELETE', `/api/v1/questions/${id}/vote`);
      const li = document.getElementById(`q${id}`);
      setVotes(li, out.votes);
      setVoted(li, out.voted);
      sortList();
    } catch {
      form.submit();
    }
  });

  // Ballots, without reloading; the results come as a frame.
  const polls = document.getElementById('polls');
  polls.addEventListener('submit', async (event) => {
    const form = event.target.closest('.poll-form');
    if (!form) return;
    event.preventDefault();
    const id = Number(form.elements.poll.value);
    const options = [...form.querySelectorAll('input[name=option]:checked')].map((i) => Number(i.value));
    try {
      const poll = await api('PUT', `/api/v1/polls/${id}/vote`, { options });
      if (poll.tally) applyResults(poll.tally);
    } catch {
      form.submit();
    }
  });

  function applyResults(tally) {
    const section = document.getElementById(`poll${tally.poll_id}`);
    if (!section) return;
    const results = section.querySelector('.poll-results');
    results.hidden = false;
    results.querySelector('.voters-n').textContent = String(tally.voters);
    for (const option of tally.options) {
      const row = results.querySelector(`[data-option="${option.id}"]`);
      if (!row) continue;
      row.querySelector('progress').value = option.percent;
      row.querySelector('.option-votes').textContent = String(option.votes);
      row.querySelector('.option-percent').textContent = String(option.percent);
    }
  }

  // A poll opened, closed or was prepared (or, for a moderator, a question changed): draw
  // that part of the page again, as the server renders it.
  let reloading = Promise.resolve();
  function reloadSection(id, element) {
    reloading = reloading.then(async () => {
      try {
        const response = await fetch(location.pathname + location.search, { credentials: 'same-origin' });
        if (!response.ok) return;
        const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
        const fresh = doc.getElementById(id);
        if (fresh) element.replaceChildren(...fresh.childNodes);
        if (element === list) sortList();
      } catch {
        // Keep what is shown; the next change tries again.
      }
    });
  }

  async function catchUp() {
    try {
      const out = await api('GET', `/api/v1/sessions/${sessionId}/questions?order=${list.dataset.order}`);
      const seen = new Set(out.questions.map((q) => `q${q.id}`));
      for (const li of [...list.children]) if (!seen.has(li.id)) li.remove();
      for (const q of out.questions) applyQuestion(q);
    } catch {
      // The frames that follow still apply.
    }
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/api/v1/chat/socket`);
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ type: 'follow', topic }));
    });
    socket.addEventListener('message', (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      switch (frame.type) {
        case 'following':
          catchUp();
          retry = 0;
          root.dataset.live = 'on';
          break;
        case 'question':
          // Moderators' entries carry their buttons, which the server draws.
          if (moderator) reloadSection('live-questions', list);
          else applyQuestion(frame.question);
          break;
        case 'question_votes': {
          const li = document.getElementById(`q${frame.question_id}`);
          if (li) {
            setVotes(li, frame.votes);
            sortList();
          }
          break;
        }
        case 'poll':
          reloadSection('polls', polls);
          break;
        case 'poll_results':
          applyResults(frame);
          break;
        default:
          break;
      }
    });
    socket.addEventListener('close', (event) => {
      root.dataset.live = 'off';
      if (event.code === 1008) return; // signed out or refused: the page still works by reloading
      retry += 1;
      setTimeout(connect, Math.min(30_000, 500 * 2 ** Math.min(retry, 6)));
    });
  }

  connect();
}
