// vanban serve: inline editing on the records, and picking bodies from the vocabulary.
// Double-click a header field, a task's content / lead / partners / focal units / outputs,
// or a citation's number / date / issuer: edit it where it is; Enter (Ctrl+Enter in a list)
// saves through /api/doc/{id}/corrections with the page's version and CSRF token.
(function(){
  var ctl = document.getElementById('inline-edit');
  var valuesEl = document.getElementById('field-values');
  document.querySelectorAll('input.add-body').forEach(function(input){
    input.addEventListener('change', function(){
      var box = document.querySelector('textarea[name="' + CSS.escape(input.getAttribute('data-target')) + '"]');
      if (box && input.value.trim()) {
        box.value = (box.value.trim() ? box.value.replace(/\s+$/, '') + '\n' : '') + input.value.trim();
        box.rows = Math.max(box.rows, box.value.split('\n').length);
        input.value = '';
      }
    });
  });
  if (!ctl || !valuesEl || !ctl.getAttribute('data-can-write')) { return; }
  var values = JSON.parse(valuesEl.textContent);
  var HEADER = ['doc_type', 'place', 'date', 'title', 'issuers', 'recipients'];
  var TASK = ['content', 'lead', 'partners', 'focal_units', 'outputs'];
  var CITE = ['number', 'date', 'issuer'];
  function fieldOf(td){
    var tr = td.closest('tr[data-edit]');
    if (!tr) { return null; }
    var edit = tr.getAttribute('data-edit');
    if (tr.classList.contains('hdr-row')) { return HEADER.indexOf(edit) >= 0 ? edit : null; }
    var keys = tr.classList.contains('task-row') ? TASK : tr.classList.contains('cit-row') ? CITE : [];
    for (var i = 0; i < keys.length; i++) {
      if (td.classList.contains('c-' + keys[i])) { return edit + '.' + keys[i]; }
    }
    return null;
  }
  function save(field, value, td){
    fetch('/api/doc/' + encodeURIComponent(ctl.getAttribute('data-doc')) + '/corrections', {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': ctl.getAttribute('data-csrf')},
      body: JSON.stringify({version: Number(ctl.getAttribute('data-version')),
                            corrections: [{field: field, value: value}]})
    }).then(function(r){
      if (r.status === 409) {
        return r.json().then(function(j){
          alert('Someone saved this document first (now version ' + j.version + '): ' +
                j.changes.map(function(c){ return c.name + ' ' + c.action + ' ' + (c.field || ''); }).join('; '));
          location.reload();
        });
      }
      if (!r.ok) { return r.text().then(function(t){ alert(t); }); }
      location.reload();
    });
  }
  document.querySelectorAll('#records td').forEach(function(td){
    var field = fieldOf(td);
    if (!field || !(field in values)) { return; }
    td.classList.add('editable');
    td.title = 'double-click to edit ' + field;
    td.addEventListener('dblclick', function(ev){
      if (td.querySelector('.inline-editor')) { return; }
      ev.stopPropagation();
      var current = values[field];
      var isList = Array.isArray(current);
      var box = document.createElement(isList || field.slice(-7) === 'content' || field === 'title' ? 'textarea' : 'input');
      box.className = 'inline-editor';
      if (field === 'date' || field.slice(-5) === '.date') { box.type = 'date'; }
      if (isList) { box.setAttribute('list', 'agencies'); box.rows = Math.max(2, current.length); }
      box.value = isList ? current.join('\n') : (current === null ? '' : current);
      var keep = td.innerHTML;
      td.innerHTML = '';
      td.appendChild(box);
      box.focus();
      box.addEventListener('keydown', function(k){
        if (k.key === 'Escape') { td.innerHTML = keep; }
        if (k.key === 'Enter' && (box.tagName === 'INPUT' || k.ctrlKey)) {
          k.preventDefault();
          var raw = box.value.trim();
          var value = isList ? raw.split('\n').map(function(s){ return s.trim(); }).filter(Boolean) : (raw || null);
          save(field, value, td);
        }
      });
    });
  });
})();
