// Every action on a page goes through the REST API: a form with data-api and data-url is sent as JSON
// (POST), its problem+json errors are shown next to it naming the field, and on success the page reloads.
(function () {
  // The page's CSRF token (a cookie session must prove the request came from Vigil's own page).
  function csrf(headers) {
    const name = document.querySelector('meta[name="csrf-header"]');
    const token = document.querySelector('meta[name="csrf-token"]');
    if (name && token) headers[name.content] = token.content;
    return headers;
  }

  function result(form) {
    let out = form.querySelector('.form-result');
    if (!out) {
      out = document.createElement('span');
      out.className = 'form-result';
      out.setAttribute('role', 'status');
      form.appendChild(out);
    }
    return out;
  }

  document.addEventListener('submit', async function (ev) {
    const form = ev.target;
    if (!form.hasAttribute('data-api')) return;
    ev.preventDefault();
    const body = {};
    new FormData(form).forEach(function (v, k) {
      if (v === '') return;
      body[k] = (k === 'alertId') ? Number(v) : v;
    });
    if (ev.submitter && ev.submitter.name) body[ev.submitter.name] = ev.submitter.value;
    const out = result(form);
    out.className = 'form-result';
    out.textContent = '…';
    form.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
    try {
      const res = await fetch(form.dataset.url, {
        method: form.dataset.method || 'POST',
        headers: csrf({'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json'}),
        body: JSON.stringify(body),
        credentials: 'same-origin'
      });
      if (res.ok) {
        out.className = 'form-result ok';
        out.textContent = '✓';
        window.location.reload();
        return;
      }
      let text = res.status + ' ' + res.statusText;
      try {
        const p = await res.json();
        if (p.errors && p.errors.length) {
          text = p.errors.map(function (e) { return e.field + ': ' + e.reason; }).join('; ');
        } else if (p.detail) {
          text = p.detail;
        }
      } catch (ignored) { /* not JSON */ }
      out.className = 'form-result error';
      out.textContent = text;
    } catch (e) {
      out.className = 'form-result error';
      out.textContent = String(e);
    } finally {
      form.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
    }
  });
})();
