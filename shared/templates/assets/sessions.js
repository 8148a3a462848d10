// The sessions page: create a session and page through older ones, over the JSON API.
(() => {
  const api = document.querySelector('meta[name="studio-api"]').content;
  const list = document.getElementById('session-list');
  const empty = document.getElementById('empty-note');
  const more = document.getElementById('load-more');
  const form = document.getElementById('create-session');
  const status = document.getElementById('create-status');
  // Invite mode: the creator is the session's host; its member token and the invite are
  // kept in this browser (localStorage) for the room page.
  const invited = document.querySelector('meta[name="studio-access"]').content === 'invite';

  function keepHosting(body) {
    localStorage.setItem('studio.member.' + body.session.id, JSON.stringify(body.host));
    localStorage.setItem('studio.invite.' + body.session.id, body.invite.path);
    const link = location.origin + body.invite.path;
    document.getElementById('share-link').value = link;
    document.getElementById('share-open').href = '/sessions/' + encodeURIComponent(body.session.id);
    document.getElementById('share').hidden = false;
  }

  document.getElementById('share-copy').addEventListener('click', async () => {
    const field = document.getElementById('share-link');
    field.select();
    try { await navigator.clipboard.writeText(field.value); status.textContent = 'Invite link copied.'; } catch (_) { /* selected for a manual copy */ }
  });

  // The same format the server renders: "24 Nov 2026, 00:56 UTC".
  const when = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC',
  });

  function item(session, atTop) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '/sessions/' + encodeURIComponent(session.id);
    a.textContent = session.name;
    const time = document.createElement('time');
    time.dateTime = session.createdAt;
    time.textContent = when.format(new Date(session.createdAt)) + ' UTC';
    li.append(a, ' ', time);
    atTop ? list.prepend(li) : list.append(li);
    empty.hidden = true;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = form.elements.name.value.trim();
    const hostName = invited ? form.elements.hostName.value.trim() : '';
    const button = form.querySelector('button');
    button.disabled = true;
    status.className = 'status';
    status.textContent = 'Creating…';
    try {
      const response = await fetch(api + '/api/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Object.assign(name ? { name } : {}, hostName ? { hostName } : {})),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error ? body.error.message : 'the studio refused the request');
      item(body.session, true);
      status.textContent = 'Created “' + body.session.name + '”.';
      form.reset();
      if (body.host && body.invite) keepHosting(body);
    } catch (error) {
      status.className = 'status error';
      status.textContent = 'Could not create the session: ' + error.message;
    } finally {
      button.disabled = false;
    }
  });

  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const response = await fetch(api + '/api/sessions?cursor=' + encodeURIComponent(more.dataset.cursor));
      const body = await response.json();
      if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
      body.sessions.forEach((s) => item(s, false));
      more.dataset.cursor = body.nextCursor || '';
      more.hidden = !body.nextCursor;
    } catch (error) {
      status.className = 'status error';
      status.textContent = 'Could not load more sessions: ' + error.message;
    } finally {
      more.disabled = false;
    }
  });
})();
