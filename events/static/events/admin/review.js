/* The event page: a small map of the event's place and each article scrolled to its evidence.
   No tiles unless MAP_TILE_URL is set: the marker is drawn on a blank map. */
(function () {
  "use strict";

  function drawMap() {
    var element = document.getElementById("event-map");
    if (!element || !window.L) return;
    var lat = parseFloat(element.dataset.lat);
    var lon = parseFloat(element.dataset.lon);
    if (isNaN(lat) || isNaN(lon)) {
      element.style.display = "none";
      return;
    }
    var tiles = element.dataset.tiles;
    var map = window.L.map(element, { attributionControl: Boolean(tiles), scrollWheelZoom: false });
    map.setView([lat, lon], 9);
    if (tiles) {
      window.L.tileLayer(tiles, { maxZoom: 18, attribution: element.dataset.attribution || "" }).addTo(map);
    }
    var label = document.createElement("span");
    label.textContent = element.dataset.label || "";  // text, never HTML
    window.L.circleMarker([lat, lon], { radius: 9, color: "#a40000", weight: 2, fillOpacity: 0.6 })
      .addTo(map)
      .bindTooltip(label, { permanent: true, direction: "top", offset: [0, -8] });
    window.L.control.scale({ imperial: false }).addTo(map);
  }

  function scrollToEvidence() {
    document.querySelectorAll(".article-text").forEach(function (box) {
      var mark = box.querySelector("mark");
      if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 40);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawMap();
    scrollToEvidence();
  });
})();

/* Keyboard work on the review desk, with the keys listed on the page (#kb-help).
   The queue: j/k move the current row, o or Enter open it, e edit it (the same page), a approve
   it, r reject it (the reason page), x tick its box. The event page: j/k the next/previous
   pending event, a approve, r reject with a reason, e edit (the first field), o open the source.
   After a decision the server opens the next pending event. Keys typed in a field are text. */
(function () {
  "use strict";

  function typing(target) {
    var tag = (target && target.tagName) || "";
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = url;
    var token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrfToken();
    form.appendChild(token);
    document.body.appendChild(form);
    form.submit();
  }

  function queue(help) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#result_list tbody tr"));
    if (!rows.length) return null;
    var current = 0;
    function mark(index) {
      rows[current].classList.remove("kb-current");
      current = Math.max(0, Math.min(rows.length - 1, index));
      rows[current].classList.add("kb-current");
      rows[current].scrollIntoView({ block: "nearest" });
    }
    mark(0);
    function eventUrl() {
      var link = rows[current].querySelector("a[href*='/change/']");
      return link ? link.getAttribute("href").split("?")[0] : null;
    }
    return function (key) {
      var url = eventUrl();
      if (key === "j") mark(current + 1);
      else if (key === "k") mark(current - 1);
      else if ((key === "o" || key === "Enter" || key === "e") && url) window.location.href = url;
      else if (key === "a" && url) post(url.replace(/change\/$/, "approve/"));
      else if (key === "r" && url) window.location.href = url.replace(/change\/$/, "reject/");
      else if (key === "x") {
        var box = rows[current].querySelector("input.action-select");
        if (box) box.click();
      } else return false;
      return true;
    };
  }

  function eventPage(help) {
    var data = help.dataset;
    return function (key) {
      if (key === "j" && data.next) window.location.href = data.next;
      else if (key === "k" && data.previous) window.location.href = data.previous;
      else if (key === "a" && data.approve) document.getElementById("approve-button").click();
      else if (key === "r" && data.reject) window.location.href = data.reject;
      else if (key === "o" && data.source) window.open(data.source, "_blank", "noopener");
      else if (key === "e") {
        var field = document.querySelector("#event_form select, #event_form input:not([type=hidden]), #event_form textarea");
        if (field) {
          field.focus();
          field.scrollIntoView({ block: "center" });
        }
      } else return false;
      return true;
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    // The reason page: Ctrl+Enter (or Cmd+Enter) sends the reason.
    document.querySelectorAll(".review-action textarea").forEach(function (area) {
      area.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) area.form.requestSubmit();
      });
    });
    var help = document.getElementById("kb-help");
    if (!help) return;
    var handle = help.dataset.page === "queue" ? queue(help) : eventPage(help);
    if (!handle) return;
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (handle(event.key)) event.preventDefault();
    });
  });
})();
