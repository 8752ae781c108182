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
