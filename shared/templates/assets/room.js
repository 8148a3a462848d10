// The room page: live presence and messages over the WebSocket API, uploads and
// exports over the HTTP API.
(() => {
  const api = document.querySelector('meta[name="studio-api"]').content;
  const wsUrl = document.querySelector('meta[name="studio-ws"]').content;
  const roomId = document.getElementById('room').dataset.sessionId;
  const $ = (id) => document.getElementById(id);
  // Invite mode: the room is joined with a member token, kept in this browser per
  // session; an invite link (#invite=...) buys one. Open mode: the client names itself.
  const invited = document.querySelector('meta[name="studio-access"]').content === 'invite';
  const memberKey = 'studio.member.' + roomId;
  let member = invited ? JSON.parse(localStorage.getItem(memberKey) || 'null') : null;
  const invite = new URLSearchParams(location.hash.slice(1)).get('invite');
  if (invite) history.replaceState(null, '', location.pathname + location.search);
  let memberId = member ? member.memberId : sessionStorage.getItem('studio.memberId') || ('m-' + crypto.randomUUID());
  if (!invited) sessionStorage.setItem('studio.memberId', memberId);
  const members = new Map();
  let socket = null;
  let heartbeat = null;
  let resync = null;
  let retry = 0;
  // The room's order (docs/realtime.md): the highest seq applied, live envelopes that
  // skip ahead held until what comes before them arrives (or a resume fetches it), and
  // live envelopes held while a replay runs. Messages go out with an id and stay in
  // `unacked` until the room acknowledges them, so a reconnect sends them again safely.
  const RECENT = 50;
  let lastSeq = null;
  let historyUntil = 0;
  let resuming = false;
  let gapTimer = null;
  const held = new Map();
  const unacked = new Map();
  const sentIds = new Set();

  function say(id, text, error) {
    $(id).textContent = text;
    $(id).className = error ? 'status error' : 'status';
  }

  function errorText(body, fallback) {
    return body && body.error ? body.error.message : (body && body.message) || (body && body.detail) || fallback;
  }

  // Tokens ----------------------------------------------------------------------
  function auth(headers) {
    return Object.assign(member ? { authorization: 'Bearer ' + member.token } : {}, headers || {});
  }

  function keep(joined) {
    member = joined;
    memberId = joined.memberId;
    localStorage.setItem(memberKey, JSON.stringify(joined));
  }

  // An invite and a name become a member token; a member's own token is renewed (and
  // its name changed) the same way.
  async function join(displayName, withInvite) {
    const body = withInvite ? { invite: withInvite, displayName } : { displayName };
    const response = await fetch(api + '/api/sessions/join', {
      method: 'POST',
      headers: withInvite ? { 'content-type': 'application/json' } : auth({ 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(errorText(answer, response.statusText));
    if (answer.invite) localStorage.setItem('studio.invite.' + roomId, answer.invite.path);
    keep(answer);
    showShare();
  }

  // Renew a member token an hour before it expires, so a long session never drops.
  setInterval(() => {
    if (member && member.expiresAt - Date.now() / 1000 < 3600) join(member.displayName).catch(() => {});
  }, 300000);

  function showShare() {
    const path = localStorage.getItem('studio.invite.' + roomId);
    if (!member || member.role !== 'host' || !path) return;
    $('share-link').value = location.origin + path;
    $('share').hidden = false;
  }

  // Presence ------------------------------------------------------------------
  function renderMembers() {
    const list = $('members');
    list.replaceChildren(...[...members.values()]
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
      .map((m) => {
        const li = document.createElement('li');
        li.dataset.memberId = m.memberId;
        li.textContent = m.displayName + (m.memberId === memberId ? ' (you)' : '');
        if (m.status && m.status !== 'online') li.append(' · ' + m.status);
        return li;
      }));
    $('members-empty').hidden = members.size > 0;
  }

  function addMessage(from, text) {
    const li = document.createElement('li');
    const who = document.createElement('strong');
    who.textContent = from;
    li.append(who, document.createTextNode(text));
    $('feed').append(li);
    li.scrollIntoView({ block: 'nearest' });
  }

  function resume(ws) {
    resuming = true;
    ws.send(JSON.stringify({ type: 'resume', after: lastSeq }));
  }

  function apply(envelope) {
    if (envelope.seq <= lastSeq) return;
    lastSeq = envelope.seq;
    // Recent history shown on entry: its messages, not its old presence changes.
    if (envelope.seq <= historyUntil && envelope.type !== 'room.message') return;
    onEnvelope(envelope);
  }

  function drain() {
    while (held.size) {
      const next = Math.min(...held.keys());
      if (next > lastSeq + 1) break;
      apply(held.get(next));
      held.delete(next);
    }
    clearTimeout(gapTimer);
    // An envelope that skipped ahead: its predecessors are in flight or were missed.
    if (held.size) gapTimer = setTimeout(() => held.size && !resuming && socket && resume(socket), 1500);
  }

  function receive(frame) {
    switch (frame.type) {
      case 'room.replay':
        frame.envelopes.forEach(apply);
        if (frame.last) { resuming = false; lastSeq = Math.max(lastSeq, frame.through); drain(); }
        return;
      case 'continuity.lost':
        resuming = false;
        held.clear();
        lastSeq = frame.seq;
        say('connection-status', 'Missed too much while away: the room was reloaded.', true);
        if (socket) socket.send(JSON.stringify({ type: 'roster' }));
        loadUploads();
        return;
      case 'ack':
        // Our own message is not sent back to us: its ack takes its place in the order.
        unacked.delete(frame.id);
        if (lastSeq !== null && frame.seq > lastSeq) { held.set(frame.seq, frame); if (!resuming) drain(); }
        return;
      case 'presence.roster':
        if (lastSeq === null && typeof frame.seq === 'number' && frame.page === 1) {
          // First entry: show what the room said lately, then go on live.
          lastSeq = Math.max(0, frame.seq - RECENT);
          historyUntil = frame.seq;
          if (socket) resume(socket);
        }
        onEnvelope(frame);
        return;
    }
    if (typeof frame.seq !== 'number' || lastSeq === null || frame.type === 'error') { onEnvelope(frame); return; }
    if (frame.seq <= lastSeq) return; // seen already
    held.set(frame.seq, frame);
    if (!resuming) drain();
  }

  function onEnvelope(envelope) {
    switch (envelope.type) {
      case 'presence.join':
      case 'presence.update':
        members.set(envelope.member.memberId, envelope.member);
        break;
      case 'presence.leave':
        members.delete(envelope.memberId);
        break;
      case 'presence.roster':
        // A large roster comes in pages; the first one starts the list afresh.
        if ((envelope.page || 1) === 1) members.clear();
        envelope.members.forEach((m) => members.set(m.memberId, m));
        break;
      case 'room.message': {
        const kind = envelope.payload && envelope.payload.kind;
        if (envelope.payload && sentIds.has(envelope.payload.id)) return; // shown when sent
        if (kind === 'export' && typeof envelope.payload.exportId === 'string') {
          exportAnnounced(envelope.payload.exportId);
          return;
        }
        if (kind === 'upload' && typeof envelope.payload.uploadId === 'string') {
          uploadAnnounced(envelope.payload.uploadId);
          return;
        }
        const text = envelope.payload && typeof envelope.payload.text === 'string'
          ? envelope.payload.text : JSON.stringify(envelope.payload);
        addMessage(envelope.from.memberId === memberId ? 'You' : envelope.from.displayName, text);
        return;
      }
      case 'error':
        if (envelope.error.code === 'unknown_connection') {
          // The room no longer knows this socket: start over with a fresh one.
          socket && socket.close(4000, 'unknown connection');
          return;
        }
        say('connection-status', 'The room refused a message: ' + envelope.error.message, true);
        return;
      default:
        return;
    }
    renderMembers();
  }

  // Backoff with jitter, so a room that lost its sockets together does not come back
  // in one burst: about 0.5 s, 1 s, 2 s, … up to 15 s, each between half and 1.5 times.
  function backoff() {
    retry = Math.min(retry + 1, 6);
    return Math.min(15000, 250 * 2 ** retry) * (0.5 + Math.random());
  }

  function setOnline(online) {
    $('message-text').disabled = !online;
    $('message-form').querySelector('button').disabled = !online;
  }

  // Once in the room, the name field becomes the member's state: name, status, leave.
  function showJoined(displayName) {
    $('joined-name').textContent = displayName;
    $('joined').hidden = false;
    $('join-row').hidden = true;
    $('join-label').hidden = true;
  }

  function showJoinForm() {
    $('joined').hidden = true;
    $('join-row').hidden = false;
    $('join-label').hidden = false;
    $('member-status').value = 'online';
  }

  $('member-status').addEventListener('change', () => {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'status', status: $('member-status').value }));
    }
  });

  $('leave-button').addEventListener('click', () => {
    if (socket) { socket.intended = true; socket.close(1000, 'left the room'); }
    socket = null;
    clearInterval(heartbeat);
    clearInterval(resync);
    setOnline(false);
    members.delete(memberId);
    renderMembers();
    showJoinForm();
    say('connection-status', 'You left the room.');
  });

  function connect(displayName) {
    if (socket) { socket.intended = true; socket.close(1000); }
    const params = new URLSearchParams(member ? { token: member.token } : { roomId, memberId, displayName });
    const ws = new WebSocket(wsUrl + (wsUrl.includes('?') ? '&' : '?') + params);
    socket = ws;
    say('connection-status', retry ? 'Reconnecting…' : 'Connecting…', retry > 0);
    ws.addEventListener('open', () => {
      retry = 0;
      say('connection-status', 'Connected as ' + displayName + '.');
      setOnline(true);
      showJoined(displayName);
      // Back after a drop: first what was missed, then messages not yet acknowledged
      // (their ids make a second send harmless), then the roster afresh. The roster is
      // asked for once open: while connecting, the room cannot reach us.
      if (lastSeq !== null) resume(ws);
      unacked.forEach((frame) => ws.send(frame));
      ws.send(JSON.stringify({ type: 'roster' }));
      clearInterval(heartbeat);
      clearInterval(resync);
      heartbeat = setInterval(() => ws.send(JSON.stringify({ type: 'heartbeat' })), 25000);
      resync = setInterval(() => ws.send(JSON.stringify({ type: 'roster' })), 60000);
    });
    ws.addEventListener('message', (event) => {
      try { receive(JSON.parse(event.data)); } catch (_) { /* not a studio envelope */ }
    });
    ws.addEventListener('close', () => {
      clearInterval(heartbeat);
      clearInterval(resync);
      if (socket !== ws || ws.intended) return;
      setOnline(false);
      const delay = backoff();
      say('connection-status', 'Connection lost; reconnecting…', true);
      setTimeout(() => socket === ws && connect(displayName), delay);
    });
  }

  $('join-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = $('display-name').value.trim();
    if (!name) { say('connection-status', 'Enter a name first.', true); return; }
    localStorage.setItem('studio.displayName', name);
    if (invited) {
      if (!member && !invite) { say('connection-status', 'This room is joined with an invite link: ask its host for one.', true); return; }
      const arriving = !member;
      try {
        if (!member || member.displayName !== name) await join(name, member ? null : invite);
        if (arriving) loadUploads();
      } catch (error) {
        say('connection-status', 'Could not join: ' + error.message, true);
        return;
      }
    }
    connect(name);
  });

  $('message-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('message-text').value.trim();
    if (!text || !socket || socket.readyState !== WebSocket.OPEN) return;
    const id = 'm-' + crypto.randomUUID();
    const frame = JSON.stringify({ type: 'message', id, payload: { text, id } });
    sentIds.add(id);
    unacked.set(id, frame);
    socket.send(frame);
    addMessage('You', text);
    $('message-text').value = '';
  });

  // Tracks --------------------------------------------------------------------
  function describe(upload) {
    const a = (upload.metadata || {}).audio;
    return a ? `${a.format || ''} ${a.sampleRate || ''} Hz, ${a.channels || ''} ch, ${(a.durationSeconds || 0).toFixed(1)} s` : '';
  }

  // A list item for a track or a mix: its name and details, its waveform, and a player
  // the waveform follows.
  function trackItem(item) {
    const li = document.createElement('li');
    const head = document.createElement('div');
    head.className = 'track-head';
    const a = document.createElement('a');
    a.href = item.url || '#';
    a.textContent = item.title;
    const detail = document.createElement('span');
    detail.className = 'muted';
    detail.textContent = item.detail;
    head.append(a, detail);
    li.append(head);
    const wave = window.StudioWaveform.draw(item.peaks, item.title);
    if (wave) li.append(wave);
    const loudness = loudnessLine(item.loudness);
    if (loudness) li.append(loudness);
    if (item.url) {
      const audio = player(item.url, item.renew);
      li.append(audio);
      if (wave) window.StudioWaveform.follow(wave, audio);
    }
    return li;
  }

  // The EBU R128 figures beside a waveform: integrated, range, loudest short-term, true
  // peak. Silence has no level (null), shown as a dash.
  function loudnessLine(l) {
    if (!l) return null;
    const db = (v) => (typeof v === 'number' ? v.toFixed(1) : '–');
    const line = document.createElement('div');
    line.className = 'loudness muted';
    line.textContent = `${db(l.integratedLufs)} LUFS · LRA ${db(l.loudnessRangeLu)} LU · ` +
      `max short-term ${db(l.maxShortTermLufs)} LUFS · ${db(l.truePeakDbtp)} dBTP`;
    line.title = 'Integrated loudness, loudness range, loudest 3 s and true peak (EBU R128)';
    return line;
  }

  // A player on a presigned URL; when the URL has expired (the player fails), a fresh
  // one is asked of the API once and playing resumes where it was.
  function player(url, renew) {
    const audio = document.createElement('audio');
    audio.controls = true;
    audio.preload = 'none';
    audio.src = url;
    let renewed = false;
    audio.addEventListener('error', async () => {
      if (renewed) return;
      renewed = true;
      const at = audio.currentTime;
      const fresh = await renew().catch(() => null);
      if (!fresh) return;
      audio.src = fresh;
      audio.currentTime = at;
      renewed = false;
    });
    return audio;
  }

  async function freshUploadUrl(id) {
    const response = await fetch(api + '/api/upload?id=' + encodeURIComponent(id), { headers: auth() });
    const body = await response.json();
    return response.ok ? body.url : null;
  }

  function showUpload(upload) {
    if (document.querySelector('#uploads li[data-upload-id="' + CSS.escape(upload.id) + '"]')) return;
    const m = upload.metadata || {};
    const li = trackItem({
      title: m.filename || upload.id, detail: describe(upload), url: upload.url, peaks: m.peaks,
      loudness: m.loudness,
      renew: () => freshUploadUrl(upload.id),
    });
    li.dataset.uploadId = upload.id;
    $('uploads').append(li);
    $('uploads-empty').hidden = true;
  }

  // Exports -------------------------------------------------------------------
  function clock(seconds) {
    const s = Math.round(seconds);
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }

  async function freshExportUrl(id) {
    const response = await fetch(api + '/api/export?id=' + encodeURIComponent(id), { headers: auth() });
    const body = await response.json();
    return response.ok ? body.url : null;
  }

  // Adds a mix to the history, newest at the top (or at the end while a page of the
  // history, already newest first, is being listed).
  function showExport(made, atEnd) {
    if (document.querySelector('#exports li[data-export-id="' + CSS.escape(made.exportId) + '"]')) return;
    const e = made.export || {};
    const tracks = e.trackCount === 1 ? '1 track' : (e.trackCount || 0) + ' tracks';
    const when = new Date(made.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const li = trackItem({
      title: 'Mix at ' + when, detail: clock((e.frames || 0) / (e.sampleRate || 48000)) + ' · ' + tracks,
      url: made.url, peaks: e.peaks, loudness: e.loudness, renew: () => freshExportUrl(made.exportId),
    });
    li.dataset.exportId = made.exportId;
    if (atEnd) $('exports').append(li); else $('exports').prepend(li);
    $('exports-empty').hidden = true;
  }

  async function loadExports() {
    const response = await fetch(api + '/api/export?sessionId=' + encodeURIComponent(roomId), { headers: auth() });
    if (!response.ok) return;
    const body = await response.json();
    (body.exports || []).forEach((made) => showExport(made, true));
  }

  // A mix someone else in the room made: its record is read from the API, so only a
  // real export of this session shows.
  async function exportAnnounced(exportId) {
    const response = await fetch(api + '/api/export?id=' + encodeURIComponent(exportId), { headers: auth() });
    if (response.ok) showExport(await response.json(), false);
  }

  // A track someone else in the room added, read from the API like a mix.
  async function uploadAnnounced(uploadId) {
    const response = await fetch(api + '/api/upload?id=' + encodeURIComponent(uploadId), { headers: auth() });
    const body = await response.json();
    if (response.ok && body.url) showUpload(Object.assign({ id: uploadId }, body));
  }

  // Tells the rest of the room about a new track or mix (a relayed room message).
  function announce(payload) {
    // With an id, so the ack fills this message's place in the page's order.
    const id = 'm-' + crypto.randomUUID();
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'message', id, payload }));
  }

  async function loadUploads() {
    loadExports();
    const response = await fetch(api + '/api/upload?sessionId=' + encodeURIComponent(roomId), { headers: auth() });
    if (!response.ok) return;
    const body = await response.json();
    (body.uploads || []).forEach(showUpload);
  }

  function send(method, url, body, headers) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      Object.entries(headers || {}).forEach(([k, v]) => xhr.setRequestHeader(k, v));
      xhr.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable) $('upload-progress').value = Math.round((100 * e.loaded) / e.total);
      });
      xhr.addEventListener('load', () => resolve(xhr));
      xhr.addEventListener('error', () => reject(new Error('the network failed')));
      xhr.send(body);
    });
  }

  const PASS_THROUGH_LIMIT = 4 * 1024 * 1024;

  async function upload(file) {
    if (file.size <= PASS_THROUGH_LIMIT) {
      const form = new FormData();
      form.append('sessionId', roomId);
      form.append('file', file);
      const xhr = await send('POST', api + '/api/upload', form, auth());
      const body = JSON.parse(xhr.responseText || '{}');
      if (xhr.status >= 300) throw new Error(errorText(body, xhr.statusText));
      return body;
    }
    // Larger files go straight to storage with a presigned PUT.
    const ticket = await fetch(api + '/api/upload', {
      method: 'POST',
      headers: auth({ 'content-type': 'application/json' }),
      body: JSON.stringify({ filename: file.name, contentType: file.type, size: file.size, sessionId: roomId }),
    });
    const grant = await ticket.json();
    if (!ticket.ok) throw new Error(errorText(grant, ticket.statusText));
    const put = await send('PUT', grant.url, file, { 'content-type': file.type });
    if (put.status >= 300) throw new Error('storage refused the file (' + put.status + ')');
    const done = await fetch(api + '/api/upload?id=' + encodeURIComponent(grant.id), { headers: auth() });
    const body = await done.json();
    if (!done.ok) throw new Error(errorText(body, done.statusText));
    return Object.assign({ id: grant.id }, body);
  }

  $('upload-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $('upload-file').files[0];
    if (!file) { say('upload-status', 'Choose a file first.', true); return; }
    const button = event.target.querySelector('button');
    button.disabled = true;
    $('upload-progress').hidden = false;
    $('upload-progress').value = 0;
    say('upload-status', 'Uploading ' + file.name + '…');
    try {
      const result = await upload(file);
      showUpload(result);
      announce({ kind: 'upload', uploadId: result.id });
      say('upload-status', 'Uploaded ' + file.name + '.');
      event.target.reset();
    } catch (error) {
      say('upload-status', 'Upload failed: ' + error.message, true);
    } finally {
      button.disabled = false;
      $('upload-progress').hidden = true;
    }
  });

  // Export --------------------------------------------------------------------
  $('export-button').addEventListener('click', async () => {
    const button = $('export-button');
    button.disabled = true;
    $('export-link').hidden = true;
    say('export-status', 'Mixing…');
    try {
      const response = await fetch(api + '/api/export', {
        method: 'POST',
        headers: auth({ 'content-type': 'application/json' }),
        body: JSON.stringify({ sessionId: roomId }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(errorText(body, response.statusText));
      $('export-link').href = body.url;
      $('export-link').hidden = false;
      showExport(body, false);
      // Everyone else in the room hears of the mix as a room event.
      announce({ kind: 'export', exportId: body.exportId });
      say('export-status', 'Your mix is ready.');
    } catch (error) {
      say('export-status', 'Export failed: ' + error.message, true);
    } finally {
      button.disabled = false;
    }
  });

  const stored = member ? member.displayName : localStorage.getItem('studio.displayName');
  if (invited && !member) {
    // A guest with an invite chooses a name first; without one there is no way in.
    if (stored) $('display-name').value = stored;
    say('connection-status', invite ? 'Enter your name to join this room.' : 'This room is joined with an invite link: ask its host for one.', !invite);
    $('display-name').focus();
  } else if (stored) {
    $('display-name').value = stored;
    showShare();
    connect(stored);
  } else {
    $('display-name').focus();
  }
  if (!invited || member) loadUploads();
})();
