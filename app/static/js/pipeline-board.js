// The pipeline board's drag and drop (SortableJS, vendored). A card dropped in another column
// is moved by posting its own plain move form (the keyboard path) with the new stage, asking
// for JSON. The server refuses a stale move (409) or an unknown stage (422): the card then goes
// back where it was and the refusal is announced in the status line.
(function () {
  "use strict";
  if (typeof Sortable === "undefined") { return; }
  var status = document.getElementById("board-status");
  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("board-status--error", Boolean(isError));
  }
  function recount() {
    document.querySelectorAll(".board-col").forEach(function (col) {
      var count = col.querySelector("[data-count]");
      if (count) { count.textContent = col.querySelectorAll(".board-card").length; }
    });
  }
  function putBack(evt) {
    var before = evt.from.children[evt.oldIndex] || null;
    evt.from.insertBefore(evt.item, before);
    recount();
  }
  function moved(evt) {
    if (evt.from === evt.to) { return; }
    var card = evt.item;
    var form = card.querySelector("form.card-move");
    if (!form) { putBack(evt); return; }
    var data = new FormData(form);
    data.set("stage", evt.to.dataset.stage);
    recount();
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (!result.ok) { putBack(evt); say(result.body.message, true); return; }
        form.querySelector("[name=expected_stage]").value = result.body.stage;
        form.querySelector("select[name=stage]").value = result.body.stage;
        var note = form.querySelector("[name=note]");
        if (note) { note.value = ""; }
        card.classList.add("board-card--moved");
        say(result.body.message, false);
      })
      .catch(function () { putBack(evt); say(status.dataset.failed || "", true); });
  }
  document.querySelectorAll(".board-cards").forEach(function (list) {
    Sortable.create(list, {
      group: "pipeline", animation: 150, draggable: ".board-card",
      forceFallback: true,  // mouse and touch events alike, not the browser's native drag
      filter: "input, select, textarea, button, label", preventOnFilter: false,
      onEnd: moved
    });
  });
})();
