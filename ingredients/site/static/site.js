// The overview's filter box and the search page. Plain script, no modules and no
// fetch, so both work from a page opened straight from disk (file://). Data is
// only ever put into the page as text (textContent), never as markup.
(function () {
  "use strict";

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return fold(text).split(/\s+/).filter(function (word) { return word.length > 0; });
  }

  function param(name) {
    return new URLSearchParams(window.location.search).get(name) || "";
  }

  function setupFilter() {
    var input = document.getElementById("filter");
    var table = document.getElementById("matrix");
    if (!input || !table) { return; }
    var status = document.getElementById("filter-status");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var wanted = words(input.value);
      var shown = 0;
      rows.forEach(function (row) {
        var haystack = fold(row.getAttribute("data-filter") || "");
        var match = wanted.every(function (word) { return haystack.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = wanted.length ? shown + " of " + rows.length + " ingredients shown" : "";
    }
    input.value = param("filter");
    input.addEventListener("input", apply);
    input.form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    apply();
  }

  var KIND_ORDER = { name: 0, alias: 1, description: 2 };
  var LIMIT = 200;

  function setupSearch() {
    var input = document.getElementById("q");
    var list = document.getElementById("results");
    if (!input || !list) { return; }
    var status = document.getElementById("search-status");
    var index = window.INGREDIENTS_SEARCH_INDEX || [];
    var folded = null;

    function run() {
      var wanted = words(input.value);
      while (list.firstChild) { list.removeChild(list.firstChild); }
      if (!wanted.length) { status.textContent = ""; return; }
      if (folded === null) {
        folded = index.map(function (row) { return fold(row[1] + " " + row[2] + " " + row[3]); });
      }
      var hits = [];
      for (var i = 0; i < index.length; i += 1) {
        var haystack = folded[i];
        if (wanted.every(function (word) { return haystack.indexOf(word) !== -1; })) { hits.push(i); }
      }
      hits.sort(function (a, b) {
        var ka = KIND_ORDER[index[a][0]], kb = KIND_ORDER[index[b][0]];
        ka = ka === undefined ? 3 : ka;
        kb = kb === undefined ? 3 : kb;
        return ka - kb || a - b;
      });
      hits.slice(0, LIMIT).forEach(function (i) {
        var row = index[i];
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.setAttribute("href", row[4]);
        link.textContent = row[1];
        var what = document.createElement("span");
        what.className = "what";
        what.textContent = " " + row[0] + (row[2] ? " (" + row[2] + ")" : "");
        var text = document.createElement("p");
        text.textContent = row[3];
        item.appendChild(link);
        item.appendChild(what);
        item.appendChild(text);
        list.appendChild(item);
      });
      status.textContent = hits.length === 0 ? "No matches." :
        hits.length > LIMIT ? hits.length + " matches; the first " + LIMIT + " are shown." :
        hits.length + (hits.length === 1 ? " match." : " matches.");
    }

    input.value = param("q");
    input.addEventListener("input", run);
    run();
  }

  setupFilter();
  setupSearch();
}());
