// The playground's one enhancement: "Send" streams the answer in, through the same chat flow as
// POST /v4/chat with "stream": true. Without this script the form posts and the answer comes whole.
const form = document.getElementById('playground');
const answer = document.getElementById('answer');
const status = document.getElementById('answer-status');
const logLink = document.getElementById('answer-log');

async function stream(event) {
  if (!event.submitter || event.submitter.value !== 'send' || !window.ReadableStream) {
    return; // saving a config, or an old browser: the form posts as it would without this script
  }
  event.preventDefault();
  answer.textContent = '';
  logLink.hidden = true;
  status.textContent = 'Streaming…';
  const body = new URLSearchParams(new FormData(form));
  body.set('action', 'send');
  let response;
  try {
    response = await fetch(form.dataset.stream, { method: 'POST', body, credentials: 'same-origin' });
  } catch (e) {
    status.textContent = 'The server could not be reached: ' + e.message;
    return;
  }
  if (!response.ok || !(response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
    status.textContent = 'The message was refused (HTTP ' + response.status + '); send it without the script to read why.';
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let kind = 'message';
  let failed = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (line === '') {
        kind = 'message';
      } else if (line.startsWith('event:')) {
        kind = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        const data = JSON.parse(line.slice(5));
        if (kind === 'error') {
          failed = true;
          status.textContent = 'The provider failed: ' + ((data.detail && data.detail.message) || 'no reason given');
        } else {
          for (const item of data.data || []) {
            if (!item.index) {
              answer.textContent += item.output || '';
              if (item.id) {
                logLink.href = '/logs/' + encodeURIComponent(item.id);
                logLink.hidden = false;
              }
            }
          }
        }
      }
    }
  }
  if (!failed) {
    status.textContent = 'Done.';
  }
}

if (form) {
  form.addEventListener('submit', stream);
}
