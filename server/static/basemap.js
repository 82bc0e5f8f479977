// The self-hosted basemap's look (issue 15): vector tiles from
// /maps/basemap.pmtiles drawn by protomaps-leaflet, with Gateway's own
// calm style. Layers: landuse (urban, park), water, rail, roads (major,
// main, street; named), pois (stations, bus stations, parks...), places
// (towns).
(function () {
  "use strict";
  window.GatewayBasemap = function (url) {
    var P = window.protomapsL;
    var roadWidth = function (base) {
      return function (z) { return Math.min(base * 2.2, Math.max(0.5, base * Math.pow(1.45, z - 13))); };
    };
    var paintRules = [
      { dataLayer: "landuse", symbolizer: new P.PolygonSymbolizer({ fill: "#e9e5dc" }), filter: function (z, f) { return f.props.kind === "urban"; } },
      { dataLayer: "landuse", symbolizer: new P.PolygonSymbolizer({ fill: "#c8e6c0" }), filter: function (z, f) { return f.props.kind === "park"; } },
      { dataLayer: "water", symbolizer: new P.LineSymbolizer({ color: "#8fc1e3", width: roadWidth(5) }) },
      { dataLayer: "rail", symbolizer: new P.LineSymbolizer({ color: "#8a8a8a", width: 2, dash: [4, 3] }) },
      { dataLayer: "roads", symbolizer: new P.LineSymbolizer({ color: "#c9c2b4", width: roadWidth(4.5) }), filter: function (z, f) { return f.props.kind !== "major"; } },
      { dataLayer: "roads", symbolizer: new P.LineSymbolizer({ color: "#ffffff", width: roadWidth(3) }), filter: function (z, f) { return f.props.kind !== "major"; } },
      { dataLayer: "roads", symbolizer: new P.LineSymbolizer({ color: "#e0a85a", width: function (z) { return Math.min(9, Math.max(1.5, 1.2 * (z - 7))); } }), filter: function (z, f) { return f.props.kind === "major"; } }
    ];
    var labelRules = [
      { dataLayer: "places", symbolizer: new P.CenteredTextSymbolizer({ labelProps: ["name"], fill: "#1d2433", stroke: "#ffffff", width: 2.5, font: "700 15px system-ui, sans-serif" }) },
      { dataLayer: "pois", symbolizer: new P.CenteredTextSymbolizer({ labelProps: ["name"], fill: "#0b5a3a", stroke: "#ffffff", width: 2, font: "600 12px system-ui, sans-serif" }),
        filter: function (z, f) { return f.props.kind === "park"; } },
      { dataLayer: "pois", symbolizer: new P.CenteredTextSymbolizer({ labelProps: ["name"], fill: "#5a1f6e", stroke: "#ffffff", width: 2, font: "600 12px system-ui, sans-serif" }),
        filter: function (z, f) { return f.props.kind !== "park"; } },
      { dataLayer: "roads", symbolizer: new P.LineLabelSymbolizer({ labelProps: ["name"], fill: "#4a4a4a", stroke: "#ffffff", width: 2, font: "500 11px system-ui, sans-serif" }), minzoom: 14 },
      { dataLayer: "water", symbolizer: new P.LineLabelSymbolizer({ labelProps: ["name"], fill: "#2b6ea3", stroke: "#ffffff", width: 2, font: "italic 12px system-ui, sans-serif" }), minzoom: 13 }
    ];
    return P.leafletLayer({ url: url, paintRules: paintRules, labelRules: labelRules, maxDataZoom: 15,
      backgroundColor: "#f4f2ec", attribution: "Basemap served by Gateway" });
  };
})();
